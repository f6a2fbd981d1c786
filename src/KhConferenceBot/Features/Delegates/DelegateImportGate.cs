namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// Bounds how many imports run at once. Each holds up to <see cref="DelegateFileReader.MaxBytes"/> of upload plus the rows
/// it read, so without a bound a handful of simultaneous uploads multiplies memory; an import that finds no free slot is
/// answered "busy, retry" at once rather than queued with its body in memory.
/// </summary>
public sealed class DelegateImportGate
{
    /// <summary>Two: an organizer re-importing while a colleague imports is normal; more at once is not.</summary>
    public const int MaxConcurrentImports = 2;

    private readonly SemaphoreSlim _slots = new(MaxConcurrentImports, MaxConcurrentImports);

    /// <summary>A slot to dispose when the import ends, or null when every slot is taken.</summary>
    public IDisposable? TryEnter() => _slots.Wait(0) ? new Slot(_slots) : null;

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
