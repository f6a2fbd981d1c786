namespace KhConferenceBot.Common;

/// <summary>
/// A loop that ticks on the injected clock and can be woken early. It reports which clock reading each finished tick
/// saw, so a caller (a schedule change, or a test driving a fake clock) can wait until the loop has caught up.
/// </summary>
public abstract partial class ClockedBackgroundService(TimeProvider time, ILogger logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _tickDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastCompleted = DateTimeOffset.MinValue;

    protected TimeProvider Time { get; } = time;

    protected abstract TimeSpan Interval { get; }

    protected abstract Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Runs a tick as soon as the current one (if any) ends.</summary>
    public void Wake()
    {
        lock (_gate)
        {
            _wake.TrySetResult();
        }
    }

    /// <summary>Completes when a tick that read the clock at or after <paramref name="atLeast"/> has finished.</summary>
    public async Task WaitForTickAsync(DateTimeOffset atLeast, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task done;
            lock (_gate)
            {
                if (_lastCompleted >= atLeast)
                {
                    return;
                }

                done = _tickDone.Task;
                _wake.TrySetResult();
            }

            await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Task wake;
            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wake = _wake.Task;
            }

            var now = Time.GetUtcNow();
            try
            {
                await TickAsync(now, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Storage or the connector failing once must not stop the loop; the next tick tries again.
                LogTickFailed(logger, ex, GetType().Name);
            }

            lock (_gate)
            {
                _lastCompleted = now;
                var done = _tickDone;
                _tickDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                done.TrySetResult();
            }

            try
            {
                await Task.WhenAny(Task.Delay(Interval, Time, stoppingToken), wake).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service} tick failed; retrying on the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception, string service);
}
