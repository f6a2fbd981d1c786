using System.Collections.Concurrent;
using System.Text.Json;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Drains the outbox: reads due rows, picks those whose conversation has Teams budget now (<see cref="ISendBudget.TryAcquire"/>)
/// and skips the rest, claims each with an ETag-conditional update (so two instances never own one row) and keeps up to
/// <see cref="OutboxOptions.MaxConcurrency"/> sends in flight. At most one send per conversation is in flight, so the
/// messages of one chat keep their order unless a retry reorders them.
/// </summary>
/// <remarks>
/// Duplicates: Teams has no idempotency key, so the row is marked Sent right after the 201. If the process dies between
/// Teams accepting the message and that write (a window of one table round-trip per in-flight row), the lease runs out
/// and another instance sends that row again: at most one duplicate per row in flight at the moment of the crash. A
/// graceful stop lets in-flight sends finish and be recorded, so it produces none.
/// The send budget lives in this process: with several instances each keeps its own count, so the tenant window should
/// then be configured (Bot:SendBudget:TenantWindows) to its share; a 429 that slips through is retried, not lost.
/// </remarks>
public sealed partial class OutboxSender : BackgroundService
{
    private readonly TableOutbox _outbox;
    private readonly IConnectorClient _connector;
    private readonly ISendBudget _budget;
    private readonly IRecipientResolver _resolver;
    private readonly OutboxMetrics _metrics;
    private readonly OutboxOptions _options;
    private readonly ConnectorOptions _bot;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSender> _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(string, string), Task> _inFlight = new();
    private readonly ConcurrentDictionary<string, byte> _busyConversations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abortSends = new();
    private List<OutboxRow> _candidates = [];
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _idle = NewSignal();
    private bool _rescanRequested = true;
    private DateTimeOffset _lastScan = DateTimeOffset.MinValue;
    private DateTimeOffset? _earliestRelease;
    private DateTimeOffset? _nextWakeAt;

    public OutboxSender(
        TableOutbox outbox,
        IConnectorClient connector,
        ISendBudget budget,
        IRecipientResolver resolver,
        OutboxSignal signal,
        OutboxMetrics metrics,
        IOptions<OutboxOptions> options,
        IOptions<ConnectorOptions> bot,
        TimeProvider time,
        ILogger<OutboxSender> logger)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bot);
        _outbox = outbox;
        _connector = connector;
        _budget = budget;
        _resolver = resolver;
        _metrics = metrics;
        _options = options.Value;
        _bot = bot.Value;
        _time = time;
        _logger = logger;
        InstanceId = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];
        signal.Listen(Wake);
    }

    /// <summary>Written as LeaseOwner on the rows this instance claims.</summary>
    public string InstanceId { get; }

    /// <summary>When the sender will next look at the table by itself (poll, budget or retry time); null while working.</summary>
    public DateTimeOffset? NextWakeAt
    {
        get
        {
            lock (_gate)
            {
                return _nextWakeAt;
            }
        }
    }

    /// <summary>Sends in flight right now.</summary>
    public int InFlight => _inFlight.Count;

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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's stop deadline bounds how long in-flight sends may take; after it they are abandoned and returned.
        await using var registration = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), _abortSends).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abortSends.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(_logger, InstanceId, _options.MaxConcurrency);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TaskCompletionSource wake;
                lock (_gate)
                {
                    wake = _wake = NewSignal();
                    _nextWakeAt = null;
                }

                TimeSpan delay;
                try
                {
                    delay = await DispatchAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or IOException or AggregateException)
                {
                    // Storage hiccup: try again after a poll interval; rows are safe in the table.
                    LogScanFailed(_logger, ex);
                    delay = _options.PollInterval;
                }

                await WaitAsync(wake, delay, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Stop claiming; let what is in flight finish (bounded by the host's stop deadline via _abortSends).
        await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
        LogStopped(_logger, InstanceId);
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
                if (_inFlight.IsEmpty)
                {
                    _idle.TrySetResult();
                }
            }
        }

        await wake.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Starts what can be started now; returns how long until something else might be.</summary>
    private async Task<TimeSpan> DispatchAsync(CancellationToken stoppingToken)
    {
        var now = _time.GetUtcNow();
        bool rescan;
        lock (_gate)
        {
            rescan = _rescanRequested || _candidates.Count == 0 || now - _lastScan >= _options.PollInterval || _earliestRelease <= now;
            _rescanRequested = false;
        }

        if (rescan && _inFlight.Count < _options.MaxConcurrency)
        {
            var due = await _outbox.ScanDueAsync(now, _options.ScanBatchSize, stoppingToken).ConfigureAwait(false);
            _metrics.SetDepth(due.Count);
            lock (_gate)
            {
                _candidates = due;
                _lastScan = now;

                // Rows released for a later time are not in this scan; remember to look again when they are due.
                if (_earliestRelease <= now)
                {
                    _earliestRelease = null;
                }
            }
        }

        TimeSpan? budgetWait = null;
        var remaining = new List<OutboxRow>(_candidates.Count);
        var index = 0;
        for (; index < _candidates.Count && _inFlight.Count < _options.MaxConcurrency; index++)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var row = _candidates[index];
            if (_inFlight.ContainsKey(row.Key))
            {
                continue;
            }

            var reserved = false;
            if (!string.IsNullOrEmpty(row.ConversationId))
            {
                if (_busyConversations.ContainsKey(row.ConversationId))
                {
                    remaining.Add(row);
                    continue;
                }

                if (!_budget.TryAcquire(BudgetOperation.Send, row.ConversationId, TenantOf(row), out var wait))
                {
                    budgetWait = budgetWait is { } w && w <= wait ? w : wait;
                    remaining.Add(row);
                    continue;
                }

                reserved = true;
            }

            // A lost race (another instance claimed it) wastes the budget slot just taken: conservative, never a 429.
            if (!await _outbox.TryClaimAsync(row, InstanceId, _time.GetUtcNow() + _options.LeaseDuration, stoppingToken).ConfigureAwait(false))
            {
                continue;
            }

            Start(row, reserved, stoppingToken);
        }

        for (; index < _candidates.Count; index++)
        {
            remaining.Add(_candidates[index]);
        }

        lock (_gate)
        {
            _candidates = remaining;
            now = _time.GetUtcNow();
            var delay = _options.PollInterval - (now - _lastScan);
            if (budgetWait is { } b && b < delay)
            {
                delay = b;
            }

            if (_earliestRelease is { } release && release - now < delay)
            {
                delay = release - now;
            }

            // Slots full: a finishing send wakes the loop.
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }
    }

    private void Start(OutboxRow row, bool reserved, CancellationToken stoppingToken)
    {
        if (row.ConversationId is { } conversation)
        {
            _busyConversations[conversation] = 0;
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight[row.Key] = gate.Task;
        _ = Task.Run(async () =>
        {
            try
            {
                await SendRowAsync(row, reserved, stoppingToken).ConfigureAwait(false);
            }
            finally
            {
                if (row.ConversationId is { } c)
                {
                    _busyConversations.TryRemove(c, out _);
                }

                _inFlight.TryRemove(row.Key, out _);
                gate.TrySetResult();
                Wake(rescan: false);
            }
        }, CancellationToken.None);
    }

    private async Task SendRowAsync(OutboxRow row, bool reserved, CancellationToken stoppingToken)
    {
        var sent = false;
        try
        {
            var activity = ReadActivity(row);
            if (activity is null)
            {
                await FailAsync(row, OutboxFailureReasons.InvalidActivity, OutboxFailureReasons.For(OutboxFailureReasons.InvalidActivity)).ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(row.ConversationId))
            {
                if (!await ResolveAsync(row, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                // The chat is known now; it needs its own send budget, which the dispatcher hands out (in order).
                if (!_budget.TryAcquire(BudgetOperation.Send, row.ConversationId!, TenantOf(row), out var wait))
                {
                    await ReleaseAsync(row, _time.GetUtcNow() + wait).ConfigureAwait(false);
                    return;
                }

                reserved = true;
            }

            var tenant = TenantOf(row);
            if (tenant is not null && activity.TenantId is null)
            {
                // Retries inside the Connector then count against the same tenant bucket as the reservation.
                activity.ChannelData ??= new TeamsChannelData();
                activity.ChannelData.Tenant ??= new TenantInfo { Id = tenant };
            }

            ResourceResponse response;
            using (reserved ? ReservingSendBudget.Reserve(BudgetOperation.Send, row.ConversationId!) : null)
            {
                // Only the host's stop deadline interrupts a send that has started; stopping alone lets it finish.
                var serviceUrl = row.ServiceUrl ?? _options.DefaultServiceUrl;
                response = string.IsNullOrEmpty(activity.Id)
                    ? await _connector.SendToConversationAsync(serviceUrl, row.ConversationId!, activity, _abortSends.Token).ConfigureAwait(false)
                    : await _connector.UpdateActivityAsync(serviceUrl, row.ConversationId!, activity.Id, activity, _abortSends.Token).ConfigureAwait(false);
            }

            sent = true;
            var sentAt = _time.GetUtcNow();
            var activityId = string.IsNullOrEmpty(response.Id) ? activity.Id : response.Id;
            await _outbox.MarkSentAsync(row, activityId, sentAt, CancellationToken.None).ConfigureAwait(false);
            _metrics.Sent.Add(1, new KeyValuePair<string, object?>("purpose", row.Purpose));
            LogSent(_logger, row.Purpose, row.RecipientKey, activityId);
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            await RetryOrFailAsync(row, CodeOf(ex), ex.RetryAfter, OutboxFailureReasons.For(ex.Kind)).ConfigureAwait(false);
        }
        catch (ConnectorException ex)
        {
            await FailAsync(row, CodeOf(ex), OutboxFailureReasons.For(ex.Kind)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested || _abortSends.IsCancellationRequested)
        {
            if (!sent)
            {
                // Claimed but not (known to be) sent: give it back so the next instance starts at once, not after the lease.
                await ReleaseAsync(row, _time.GetUtcNow()).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or HttpRequestException or IOException or InvalidOperationException or ArgumentException)
        {
            LogRowFailed(_logger, row.Purpose, row.RecipientKey, sent, ex);
            if (!sent)
            {
                await RetryOrFailAsync(row, "Internal", null, "Lỗi nội bộ khi gửi; sẽ thử lại.").ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ResolveAsync(OutboxRow row, CancellationToken stoppingToken)
    {
        if (string.IsNullOrEmpty(row.UserAadObjectId))
        {
            await FailAsync(row, OutboxFailureReasons.NoRecipient, OutboxFailureReasons.For(OutboxFailureReasons.NoRecipient)).ConfigureAwait(false);
            return false;
        }

        var resolution = await _resolver.ResolveAsync(row.UserAadObjectId, row.TenantId, stoppingToken).ConfigureAwait(false);
        if (resolution.NeedsBudget)
        {
            await ReleaseAsync(row, _time.GetUtcNow() + (resolution.RetryAfter ?? TimeSpan.FromSeconds(1))).ConfigureAwait(false);
            return false;
        }

        if (resolution.Reference is not { } reference)
        {
            var code = resolution.ErrorCode ?? nameof(TeamsErrorKind.Unknown);
            var reason = resolution.Reason ?? OutboxFailureReasons.For(code);
            if (resolution.IsTransient)
            {
                await RetryOrFailAsync(row, code, resolution.RetryAfter, reason).ConfigureAwait(false);
            }
            else
            {
                await FailAsync(row, code, reason).ConfigureAwait(false);
            }

            return false;
        }

        if (!await _outbox.SetTargetAsync(row, reference.ConversationId, reference.ServiceUrl, reference.TenantId ?? row.TenantId, CancellationToken.None).ConfigureAwait(false))
        {
            LogLeaseLost(_logger, row.Purpose, row.RecipientKey);
            return false;
        }

        return true;
    }

    private async Task RetryOrFailAsync(OutboxRow row, string code, TimeSpan? retryAfter, string reason)
    {
        var attempts = row.Attempts + 1;
        if (attempts >= _options.MaxAttempts)
        {
            await FailAsync(row, code, $"{reason} (đã thử {attempts} lần)").ConfigureAwait(false);
            return;
        }

        var backoff = retryAfter ?? Backoff(attempts);
        var next = _time.GetUtcNow() + backoff;
        if (await _outbox.ReleaseAsync(row, next, countAttempt: true, code, reason, CancellationToken.None).ConfigureAwait(false))
        {
            NoteRelease(next);
        }

        _metrics.Retried.Add(1, new KeyValuePair<string, object?>("purpose", row.Purpose), new KeyValuePair<string, object?>("code", code));
        LogRetry(_logger, row.Purpose, row.RecipientKey, code, attempts, (long)backoff.TotalMilliseconds);
    }

    private async Task FailAsync(OutboxRow row, string code, string reason)
    {
        await _outbox.MarkFailedAsync(row, code, reason, CancellationToken.None).ConfigureAwait(false);
        _metrics.Failed.Add(1, new KeyValuePair<string, object?>("purpose", row.Purpose), new KeyValuePair<string, object?>("code", code));
        LogFailed(_logger, row.Purpose, row.RecipientKey, code);
    }

    private async Task ReleaseAsync(OutboxRow row, DateTimeOffset next)
    {
        try
        {
            if (await _outbox.ReleaseAsync(row, next, countAttempt: false, null, null, CancellationToken.None).ConfigureAwait(false))
            {
                NoteRelease(next);
            }
        }
        catch (Azure.RequestFailedException ex)
        {
            // The lease runs out on its own; the row is not lost, only later.
            LogRowFailed(_logger, row.Purpose, row.RecipientKey, false, ex);
        }
    }

    private void NoteRelease(DateTimeOffset next)
    {
        lock (_gate)
        {
            _earliestRelease = _earliestRelease is { } e && e <= next ? e : next;
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryBaseDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay;
    }

    private string? TenantOf(OutboxRow row) => row.TenantId ?? (string.IsNullOrWhiteSpace(_bot.TenantId) ? null : _bot.TenantId);

    private static string CodeOf(ConnectorException ex) =>
        ex.Kind is TeamsErrorKind.Unknown or TeamsErrorKind.Forbidden or TeamsErrorKind.BadRequest && !string.IsNullOrEmpty(ex.Code) ? ex.Code! : ex.Kind.ToString();

    private static Activity? ReadActivity(OutboxRow row)
    {
        if (row.ActivityJson is not { Length: > 0 } json)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Activity>(json, TeamsJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Outbox sender {InstanceId} started with {MaxConcurrency} sends in flight at most")]
    private static partial void LogStarted(ILogger logger, string instanceId, int maxConcurrency);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Outbox sender {InstanceId} stopped")]
    private static partial void LogStopped(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Outbox {Purpose}/{RecipientKey} sent as activity {ActivityId}")]
    private static partial void LogSent(ILogger logger, string purpose, string recipientKey, string? activityId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Outbox {Purpose}/{RecipientKey} failed transiently ({Code}), attempt {Attempt}; next try in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string purpose, string recipientKey, string code, int attempt, long delayMs);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Outbox {Purpose}/{RecipientKey} failed: {Code}")]
    private static partial void LogFailed(ILogger logger, string purpose, string recipientKey, string code);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Outbox scan failed; trying again after the poll interval")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Outbox {Purpose}/{RecipientKey} hit an internal error (sent: {Sent})")]
    private static partial void LogRowFailed(ILogger logger, string purpose, string recipientKey, bool sent, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Outbox {Purpose}/{RecipientKey}: lease lost to another instance before sending")]
    private static partial void LogLeaseLost(ILogger logger, string purpose, string recipientKey);
}
