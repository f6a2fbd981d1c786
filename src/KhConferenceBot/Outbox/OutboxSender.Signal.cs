namespace KhConferenceBot.Outbox;

/// <summary>The sender's wake and idle signals: how other code (and test drivers with a fake clock) nudge or watch the loop.</summary>
public sealed partial class OutboxSender
{
    /// <summary>Look at the outbox now instead of at the next poll.</summary>
    public void Wake(bool rescan = true)
    {
        lock (_gate)
        {
            _rescanRequested |= rescan;
            _nextWakeAt = null;
            if (_idle.Task.IsCompleted)
            {
                _idle = NewSignal();
            }

            _wake.TrySetResult();
        }
    }

    /// <summary>
    /// Completes when the sender has nothing in flight and waits only for time to pass (or a Wake). Test drivers and the
    /// benchmark advance a fake clock when this completes.
    /// </summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    private async Task WaitAsync(TaskCompletionSource wake, TimeSpan delay, CancellationToken stoppingToken)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        // A timer rather than Task.Delay: its callback runs inside FakeTimeProvider.Advance, so a test driver sees the
        // sender busy again before Advance returns.
        using var timer = _time.CreateTimer(static s => ((OutboxSender)s!).Wake(rescan: false), this, delay, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            if (!wake.Task.IsCompleted)
            {
                _nextWakeAt = _time.GetUtcNow() + delay;

                // Sends past their slot wait for the network (or their answer deadline), not for this loop.
                if (SlotsInUse == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }

        await wake.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
