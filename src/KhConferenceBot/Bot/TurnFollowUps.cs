using System.Threading.Channels;

namespace KhConferenceBot.Bot;

/// <summary>
/// Work a turn starts but need not finish before its HTTP answer: after "Tham dự", putting the new card on the
/// delivered invitation and handing over the pass. The click's own answer (the card Teams shows in place) goes back at
/// once; these follow a moment later, a few at a time, so 200 people pressing the button in the same second are each
/// answered after their own answer is stored, not after everyone's passes are issued (issue 14's storm).
/// </summary>
/// <remarks>
/// Kept in memory: on a graceful stop the queue is drained within the host's shutdown timeout. A crash in the second
/// between an answer and its follow-up loses only the follow-up: the answer is stored, the clicker already sees the new
/// card, and the pass comes again with the day-before reminder and on request ("thẻ dự hội nghị").
/// </remarks>
public sealed partial class TurnFollowUps(ILogger<TurnFollowUps> logger) : IHostedService, IDisposable
{
    /// <summary>At most this many follow-ups run at once: enough to keep up, few enough to leave storage to the turns.</summary>
    public const int Workers = 2;

    private readonly Channel<(string Name, Func<CancellationToken, Task> Work)> _queue =
        Channel.CreateUnbounded<(string, Func<CancellationToken, Task>)>(new UnboundedChannelOptions { SingleReader = false });

    private readonly CancellationTokenSource _abandon = new();
    private readonly object _gate = new();
    private Task _workers = Task.CompletedTask;
    private int _pending;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    /// <summary>Queues <paramref name="work"/>; its token is cancelled only when the host gives up waiting at shutdown.</summary>
    public void Enqueue(string name, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_pending++ == 0)
            {
                _idle = NewIdle(completed: false);
            }
        }

        if (!_queue.Writer.TryWrite((name, work)))
        {
            // Stopping: nothing reads the queue any more, so the work runs here rather than being dropped.
            _ = RunAsync(name, work);
        }
    }

    /// <summary>Completes when nothing is queued or running (tests wait for it instead of sleeping).</summary>
    public Task IdleAsync()
    {
        lock (_gate)
        {
            return _idle.Task;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(WorkAsync, CancellationToken.None)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _workers.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout: what still runs is told to stop (its turn's answer is stored already).
            await _abandon.CancelAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _abandon.Dispose();

    private async Task WorkAsync()
    {
        await foreach (var (name, work) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await RunAsync(name, work).ConfigureAwait(false);
        }
    }

    private async Task RunAsync(string name, Func<CancellationToken, Task> work)
    {
        try
        {
            await work(_abandon.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The turn's answer is stored and answered already; a failed follow-up is the operator's to see, not a crash.
            LogFailed(logger, ex, name);
        }
        finally
        {
            lock (_gate)
            {
                if (--_pending == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            idle.SetResult();
        }

        return idle;
    }

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "The follow-up {Name} of a turn failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string name);
}
