namespace KhConferenceBot.Common;

/// <summary>
/// Logs a background loop's failures once per outage: the first failure as a warning with its exception, the repeats
/// only at debug level, and the first success after them as the end of the outage with how long it lasted and how
/// many attempts failed. A storage outage of an hour is then two lines in the log, not one per tick.
/// </summary>
public sealed partial class OutageLog(string loop, ILogger logger, TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _since;
    private int _failures;

    /// <summary>True while the last attempt failed.</summary>
    public bool InOutage
    {
        get
        {
            lock (_gate)
            {
                return _since is not null;
            }
        }
    }

    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        bool first;
        int failures;
        lock (_gate)
        {
            first = _since is null;
            _since ??= time.GetUtcNow();
            failures = ++_failures;
        }

        if (first)
        {
            LogOutageStarted(logger, exception, loop, Summary(exception));
        }
        else
        {
            LogStillFailing(logger, loop, failures, Summary(exception));
        }
    }

    public void Succeeded()
    {
        DateTimeOffset since;
        int failures;
        lock (_gate)
        {
            if (_since is not { } start)
            {
                return;
            }

            since = start;
            failures = _failures;
            _since = null;
            _failures = 0;
        }

        LogOutageEnded(logger, loop, time.GetUtcNow() - since, failures);
    }

    /// <summary>The innermost message: the Azure SDK wraps the refused connection in "Retry failed after 4 tries".</summary>
    private static string Summary(Exception exception)
    {
        var inner = exception;
        while (inner is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            inner = aggregate.InnerExceptions[^1];
        }

        while (inner.InnerException is { } next)
        {
            inner = next;
        }

        return $"{exception.GetType().Name}: {inner.Message}";
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "{Loop} failed ({Error}); it keeps running and retries on its next tick. Logged once until it recovers.")]
    private static partial void LogOutageStarted(ILogger logger, Exception exception, string loop, string error);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "{Loop} still failing (attempt {Failures}: {Error})")]
    private static partial void LogStillFailing(ILogger logger, string loop, int failures, string error);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "{Loop} recovered after {Duration} and {Failures} failed attempts")]
    private static partial void LogOutageEnded(ILogger logger, string loop, TimeSpan duration, int failures);
}
