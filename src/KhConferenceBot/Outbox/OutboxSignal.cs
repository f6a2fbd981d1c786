namespace KhConferenceBot.Outbox;

/// <summary>How enqueuers nudge the sender so a new message goes out now rather than at the next poll.</summary>
public sealed class OutboxSignal
{
    private Action<bool>? _listener;

    /// <summary>Wakes the sender; <paramref name="rescan"/> asks it to read the table again (new rows are there).</summary>
    public void Wake(bool rescan = true) => Volatile.Read(ref _listener)?.Invoke(rescan);

    internal void Listen(Action<bool> listener) => Volatile.Write(ref _listener, listener);
}
