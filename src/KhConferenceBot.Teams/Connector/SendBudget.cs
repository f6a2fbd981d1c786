using Microsoft.Extensions.Options;

namespace KhConferenceBot.Teams.Connector;

/// <summary>
/// Sliding-window limiter for the Teams Connector limits: per conversation (write and read buckets kept apart) and per
/// tenant (every operation counts). Timestamps come from <see cref="TimeProvider.GetTimestamp"/>, which is monotonic, so a
/// wall-clock step cannot open a window early.
/// </summary>
/// <remarks>
/// Every window is reckoned a little longer than Teams publishes (<see cref="SendBudgetOptions.WindowMarginRatio"/>,
/// at least <see cref="SendBudgetOptions.MinimumWindowMargin"/>). Teams counts calls by its own clock when they arrive; we
/// count them when they leave. Network jitter, a slow token refresh or thread scheduling can bunch calls together on the
/// way, so gaps that were exactly on the limit here would sometimes be a little under it there and earn a 429, which costs
/// far more (a retry-after pause for the whole conversation) than the ~10 % of peak throughput the margin gives up.
/// </remarks>
public sealed class SendBudget : ISendBudget
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _timeProvider;
    private readonly WindowSet _writeWindows;
    private readonly WindowSet _readWindows;
    private readonly WindowSet _tenantWindows;
    private readonly Dictionary<string, TimestampLog> _writeLogs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimestampLog> _readLogs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimestampLog> _tenantLogs = new(StringComparer.Ordinal);
    private readonly long _sweepIntervalTicks;
    private readonly Lock _gate = new();
    private long _nextSweep;

    public SendBudget(IOptions<SendBudgetOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        var value = options.Value;
        var frequency = timeProvider.TimestampFrequency;
        _writeWindows = new WindowSet(value.EffectiveConversationWriteWindows, value, frequency);
        _readWindows = new WindowSet(value.EffectiveConversationReadWindows, value, frequency);
        _tenantWindows = new WindowSet(value.EffectiveTenantWindows, value, frequency);
        _sweepIntervalTicks = WindowSet.ToTimestampTicks(SweepInterval, frequency);
        _nextSweep = timeProvider.GetTimestamp() + _sweepIntervalTicks;
    }

    /// <summary>Conversations (write plus read) and tenants currently tracked; for tests and diagnostics.</summary>
    public int TrackedKeyCount
    {
        get
        {
            lock (_gate)
            {
                return _writeLogs.Count + _readLogs.Count + _tenantLogs.Count;
            }
        }
    }

    public async ValueTask AcquireAsync(BudgetOperation operation, string conversationId, string? tenantId, CancellationToken cancellationToken)
    {
        // Waiters are not queued: each wakes when its own wait ends and tries again. Order among sends to one
        // conversation is the caller's business (it must not send concurrently if order matters).
        while (!TryAcquire(operation, conversationId, tenantId, out var retryAfter))
        {
            await Task.Delay(retryAfter, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public bool TryAcquire(BudgetOperation operation, string conversationId, string? tenantId, out TimeSpan retryAfter)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);

        // An unknown tenant shares one bucket: over-throttling a few calls is better than giving them a limit of their own.
        var tenantKey = tenantId ?? string.Empty;
        var (logs, windows) = operation == BudgetOperation.GetMembers ? (_readLogs, _readWindows) : (_writeLogs, _writeWindows);
        lock (_gate)
        {
            // Read inside the lock so entries are appended in time order, which TicksUntilFree relies on.
            var now = _timeProvider.GetTimestamp();
            SweepIfDue(now);

            logs.TryGetValue(conversationId, out var conversationLog);
            _tenantLogs.TryGetValue(tenantKey, out var tenantLog);
            var wait = Math.Max(windows.TicksUntilFree(conversationLog, now), _tenantWindows.TicksUntilFree(tenantLog, now));
            if (wait > 0)
            {
                retryAfter = ToDelay(wait);
                return false;
            }

            Record(logs, conversationId, conversationLog, windows, now);
            Record(_tenantLogs, tenantKey, tenantLog, _tenantWindows, now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    public TimeSpan TenantWait(string? tenantId)
    {
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            _tenantLogs.TryGetValue(tenantId ?? string.Empty, out var tenantLog);
            var wait = _tenantWindows.TicksUntilFree(tenantLog, now);
            return wait > 0 ? ToDelay(wait) : TimeSpan.Zero;
        }
    }

    private static void Record(Dictionary<string, TimestampLog> logs, string key, TimestampLog? log, WindowSet windows, long now)
    {
        if (log is null)
        {
            log = new TimestampLog();
            logs[key] = log;
        }

        log.TrimOlderThan(now - windows.Horizon);
        log.Add(now);
    }

    // Rounded up to whole milliseconds: waking a tick early would only find the window still full and go round again.
    private TimeSpan ToDelay(long timestampTicks)
    {
        var milliseconds = Math.Ceiling(timestampTicks * 1000.0 / _timeProvider.TimestampFrequency);
        return TimeSpan.FromMilliseconds(Math.Max(1, milliseconds));
    }

    private void SweepIfDue(long now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now + _sweepIntervalTicks;
        Sweep(_writeLogs, _writeWindows, now);
        Sweep(_readLogs, _readWindows, now);
        Sweep(_tenantLogs, _tenantWindows, now);
    }

    // A conversation with nothing inside its longest window has no say in any future decision: forget it.
    private static void Sweep(Dictionary<string, TimestampLog> logs, WindowSet windows, long now)
    {
        var cutoff = now - windows.Horizon;
        List<string>? idle = null;
        foreach (var (key, log) in logs)
        {
            if (log.Count == 0 || log.Newest <= cutoff)
            {
                (idle ??= []).Add(key);
            }
            else
            {
                log.TrimOlderThan(cutoff);
            }
        }

        if (idle is not null)
        {
            foreach (var key in idle)
            {
                logs.Remove(key);
            }
        }
    }

    private sealed class WindowSet
    {
        private readonly long[] _windowTicks;
        private readonly int[] _limits;

        public WindowSet(IReadOnlyList<RateWindow> windows, SendBudgetOptions options, long frequency)
        {
            _windowTicks = new long[windows.Count];
            _limits = new int[windows.Count];
            for (var i = 0; i < windows.Count; i++)
            {
                _windowTicks[i] = ToTimestampTicks(windows[i].Window + options.Margin(windows[i].Window), frequency);
                _limits[i] = windows[i].Limit;
                Horizon = Math.Max(Horizon, _windowTicks[i]);
            }
        }

        /// <summary>The longest window: older entries can never matter again.</summary>
        public long Horizon { get; }

        public static long ToTimestampTicks(TimeSpan span, long frequency) => (long)Math.Ceiling(span.TotalSeconds * frequency);

        /// <summary>0 when one more operation fits every window now, else how long until it would.</summary>
        public long TicksUntilFree(TimestampLog? log, long now)
        {
            if (log is null)
            {
                return 0;
            }

            long wait = 0;
            for (var i = 0; i < _limits.Length; i++)
            {
                // With `limit` entries already in the window, the oldest of the last `limit` has to leave it first.
                if (log.Count >= _limits[i])
                {
                    var decisive = log[log.Count - _limits[i]];
                    var leavesAt = decisive + _windowTicks[i];
                    if (leavesAt > now)
                    {
                        wait = Math.Max(wait, leavesAt - now);
                    }
                }
            }

            return wait;
        }
    }

    /// <summary>Timestamps in ascending order, in a ring buffer so trimming the old end costs nothing.</summary>
    private sealed class TimestampLog
    {
        private long[] _items = new long[8];
        private int _head;

        public int Count { get; private set; }

        public long Newest => _items[(_head + Count - 1) % _items.Length];

        public long this[int index] => _items[(_head + index) % _items.Length];

        public void Add(long timestamp)
        {
            if (Count == _items.Length)
            {
                var grown = new long[_items.Length * 2];
                for (var i = 0; i < Count; i++)
                {
                    grown[i] = this[i];
                }

                _items = grown;
                _head = 0;
            }

            _items[(_head + Count) % _items.Length] = timestamp;
            Count++;
        }

        public void TrimOlderThan(long cutoff)
        {
            while (Count > 0 && _items[_head] <= cutoff)
            {
                _head = (_head + 1) % _items.Length;
                Count--;
            }

            // Give memory back after a burst so a quiet conversation does not keep an hour-sized buffer.
            if (_items.Length > 64 && Count < _items.Length / 4)
            {
                var shrunk = new long[Math.Max(8, _items.Length / 2)];
                for (var i = 0; i < Count; i++)
                {
                    shrunk[i] = this[i];
                }

                _items = shrunk;
                _head = 0;
            }
        }
    }
}
