namespace KhConferenceBot.Common;

/// <summary>
/// The one background loop: ticks on the injected clock and can be woken early. It reports which clock reading each
/// finished tick saw, so a caller (a schedule change, or a test driving a fake clock) can wait until the loop has caught
/// up. No failure of a tick stops it (a stopped loop would stop the host): storage and network outages are logged once
/// per outage (<see cref="OutageLog"/>) and the next tick tries again.
/// </summary>
public abstract class ClockedBackgroundService : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly OutageLog _outage;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _tickDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastCompleted = DateTimeOffset.MinValue;
    private DateTimeOffset? _running;

    protected ClockedBackgroundService(TimeProvider time, ILogger logger)
    {
        Time = time;
        _outage = new OutageLog(GetType().Name, logger, time);
    }

    protected TimeProvider Time { get; }

    /// <summary>The wait after a tick, read after each one; <see cref="Timeout.InfiniteTimeSpan"/> waits for <see cref="Wake"/>.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The wait after a failed tick.</summary>
    protected virtual TimeSpan RetryInterval => Interval;

    /// <summary>False switches the loop off for this process (read once, at start).</summary>
    public virtual bool Enabled => true;

    /// <summary>True while ticks fail (a storage or network outage).</summary>
    public bool InOutage => _outage.InOutage;

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

                // A running tick that read the clock late enough will do: waking the loop as well would run one more.
                if (_running is not { } running || running < atLeast)
                {
                    _wake.TrySetResult();
                }
            }

            await done.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            Task wake;
            DateTimeOffset now;
            lock (_gate)
            {
                if (_wake.Task.IsCompleted)
                {
                    _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                wake = _wake.Task;

                // Read under the gate, so WaitForTickAsync knows which reading the running tick has.
                now = Time.GetUtcNow();
                _running = now;
            }

            TimeSpan wait;
            try
            {
                await TickAsync(now, stoppingToken).ConfigureAwait(false);
                _outage.Succeeded();
                wait = Interval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Any failure: Azure's AggregateException after its retries, sockets, timeouts, a bug in one tick.
            catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
            {
                _outage.Failed(ex);
                wait = RetryInterval;
            }

            lock (_gate)
            {
                _lastCompleted = now;
                _running = null;
                var done = _tickDone;
                _tickDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                done.TrySetResult();
            }

            try
            {
                await Task.WhenAny(Task.Delay(wait, Time, stoppingToken), wake).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
