using System.Collections.Concurrent;
using KhConferenceBot.Common;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Drains the outbox: reads due rows, picks those whose conversation has Teams budget now (<see cref="ISendBudget.TryAcquire"/>)
/// and skips the rest, claims each with an ETag-conditional update (so two instances never own one row) and keeps up to
/// <see cref="OutboxOptions.MaxConcurrency"/> sends in flight. At most one send per conversation is in flight, so the
/// messages of one chat keep their order unless a retry reorders them. A send that has no answer after
/// <see cref="ConnectorOptions.RequestTimeout"/> gives its slot back and is waited for on the side (its chat stays busy),
/// so hung calls neither block the others nor get sent twice while the first may still land.
/// </summary>
/// <remarks>
/// Duplicates: Teams has no idempotency key, so the row is marked Sent right after the 201. If the process dies between
/// Teams accepting the message and that write (a window of one table round-trip per in-flight row, longer while storage
/// is down: see <see cref="OutboxSettlements"/>), the lease runs out and another instance sends that row again: at most
/// one duplicate per row in flight at the moment of the crash. A send Teams never answers within
/// <see cref="ConnectorOptions.PostAnswerTimeout"/> is sent again: at most one duplicate per such send, if the first
/// did land. A graceful stop lets in-flight sends finish and be recorded, so it produces none.
/// The send budget lives in this process; with several instances, <see cref="SenderLease"/> makes one of them the only
/// sender for each tenant, so that one may use the whole tenant window. A 429 that slips through is retried, not lost.
/// </remarks>
public sealed partial class OutboxSender : BackgroundService
{
    private readonly TableOutbox _outbox;
    private readonly ISendBudget _budget;
    private readonly OutboxMetrics _metrics;
    private readonly OutboxOptions _options;
    private readonly ConnectorOptions _bot;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxSender> _logger;
    private readonly OutboxSettlements _settlements;
    private readonly OutboxDelivery _delivery;
    private readonly SenderLease _lease;
    private readonly Lock _gate = new();
    private readonly OutageLog _outage;
    private readonly ConcurrentDictionary<(string, string), Task> _inFlight = new();
    private readonly ConcurrentDictionary<string, byte> _busyConversations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _abortSends = new();
    private List<OutboxRow> _candidates = [];
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _idle = NewSignal();
    private bool _rescanRequested = true;

    /// <summary>At most one scan per this interval for rows queued while others wait (see <see cref="DispatchAsync"/>).</summary>
    internal static readonly TimeSpan RescanCoalescing = TimeSpan.FromMilliseconds(250);
    private DateTimeOffset _lastScan = DateTimeOffset.MinValue;
    private DateTimeOffset? _earliestRelease;
    private DateTimeOffset? _nextWakeAt;
    private int _slotsInUse;

    public OutboxSender(
        TableOutbox outbox,
        IConnectorClient connector,
        IMailSender mail,
        ISendBudget budget,
        IRecipientResolver resolver,
        IEnumerable<IOutboxRecipientCheck> checks,
        OutboxSignal signal,
        OutboxMetrics metrics,
        SenderLease lease,
        IOptions<OutboxOptions> options,
        IOptions<ConnectorOptions> bot,
        TimeProvider time,
        ILogger<OutboxSender> logger)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bot);
        _outbox = outbox;
        _budget = budget;
        _metrics = metrics;
        _lease = lease;
        _options = options.Value;
        _bot = bot.Value;
        _time = time;
        _logger = logger;
        _settlements = new OutboxSettlements(logger);
        _delivery = new OutboxDelivery(outbox, connector, mail, budget, resolver, [.. checks], _settlements, metrics, _options, _bot, time, logger, NoteRelease);
        InstanceId = Environment.MachineName + ":" + Guid.NewGuid().ToString("N")[..8];
        _outage = new OutageLog(nameof(OutboxSender), logger, time);
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

    /// <summary>Sends in flight right now, including those waiting for a late answer without a slot.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Sends holding one of the <see cref="OutboxOptions.MaxConcurrency"/> slots.</summary>
    public int SlotsInUse => Volatile.Read(ref _slotsInUse);

    /// <summary>Rows whose outcome is known but not yet written, because storage did not answer.</summary>
    public int Unsettled => _settlements.Count;

    // Sends past their slot wait for an answer on the side; this bounds how many sockets they may hold.
    private int MaxInFlight => _options.MaxConcurrency * 8;

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
                    _outage.Succeeded();
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
#pragma warning disable CA1031 // Any failure (storage outage, network, a bug in one pass) must not stop the sender or the host.
                catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
                {
                    // Rows are safe in the table: try again after a poll interval, logging the outage once (shared with every loop).
                    _outage.Failed(ex);
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
        await ReleaseLeasesAsync().ConfigureAwait(false);
        LogStopped(_logger, InstanceId);
    }

    /// <summary>Starts what can be started now; returns how long until something else might be.</summary>
    private async Task<TimeSpan> DispatchAsync(CancellationToken stoppingToken)
    {
        if (_settlements.Count > 0 && await _settlements.RetryAsync().ConfigureAwait(false) > 0)
        {
            // Storage is still away: nothing new can be claimed either; look again after a poll interval.
            return _options.PollInterval;
        }

        var now = _time.GetUtcNow();
        bool rescan;
        lock (_gate)
        {
            // While rows wait (for the budget, mostly), rows queued meanwhile are found by one scan per RescanCoalescing
            // rather than one scan per row: in the RSVP storm each of 300 replies queued a full scan of every waiting
            // row, and those scans were most of the bot's and Azurite's work.
            rescan = _candidates.Count == 0 || now - _lastScan >= _options.PollInterval || _earliestRelease <= now
                || (_rescanRequested && now - _lastScan >= RescanCoalescing);
        }

        if (rescan && HasRoom())
        {
            lock (_gate)
            {
                _rescanRequested = false;
            }

            var due = await _outbox.ScanDueAsync(now, _options.ScanBatchSize, InstanceId, stoppingToken).ConfigureAwait(false);
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
        DateTimeOffset? leaseCheck = null;
        var remaining = new List<OutboxRow>(_candidates.Count);

        // Conversations with a row left waiting in this pass: their later rows wait too. The budget can free up while
        // the pass goes on (each claim is a storage call), and a later row taking that slot overtook the earlier one
        // (the burst benchmark saw 174 of 1,000 replies out of order).
        var held = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        for (; index < _candidates.Count && HasRoom(); index++)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var row = _candidates[index];
            if (_inFlight.ContainsKey(row.Key) || _settlements.Contains(row.Key))
            {
                continue;
            }

            if (row.ConversationId is { } waiting && held.Contains(waiting))
            {
                remaining.Add(row);
                continue;
            }

            // Another instance is the tenant's sender (or this one just took over and lets the old one's sends age out).
            var lease = await _lease.CheckAsync(TenantOf(row), InstanceId, stoppingToken).ConfigureAwait(false);
            if (!lease.Held)
            {
                leaseCheck = leaseCheck is { } l && l <= lease.NextCheckAt ? l : lease.NextCheckAt;
                Hold(row);
                continue;
            }

            var reserved = false;
            if (!string.IsNullOrEmpty(row.ConversationId))
            {
                if (_busyConversations.ContainsKey(row.ConversationId))
                {
                    Hold(row);
                    continue;
                }

                if (!_budget.TryAcquire(BudgetOperation.Send, row.ConversationId, TenantOf(row), out var wait))
                {
                    budgetWait = budgetWait is { } w && w <= wait ? w : wait;
                    Hold(row);
                    continue;
                }

                reserved = true;
            }
            else if (_budget.TenantWait(TenantOf(row)) is var tenantWait && tenantWait > TimeSpan.Zero)
            {
                // A chat still to open needs the tenant's budget: claimed now, the row would only be handed back (two
                // writes per waiting row and pass; 125 table operations per recipient when inviting 2,000 new users).
                budgetWait = budgetWait is { } w && w <= tenantWait ? w : tenantWait;
                remaining.Add(row);
                continue;
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

        void Hold(OutboxRow row)
        {
            remaining.Add(row);
            if (row.ConversationId is { } conversation)
            {
                held.Add(conversation);
            }
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

            if (leaseCheck is { } check && check - now < delay)
            {
                delay = check - now;
            }

            if (_rescanRequested && _lastScan + RescanCoalescing - now < delay)
            {
                delay = _lastScan + RescanCoalescing - now;
            }

            // Slots full: a finishing send wakes the loop.
            return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
        }
    }

    private bool HasRoom() => SlotsInUse < _options.MaxConcurrency && _inFlight.Count < MaxInFlight;

    private void Start(OutboxRow row, bool reserved, CancellationToken stoppingToken)
    {
        if (row.ConversationId is { } conversation)
        {
            _busyConversations[conversation] = 0;
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight[row.Key] = gate.Task;
        var slot = new SendSlot(this);
        _ = Task.Run(async () =>
        {
            // Past the request timeout the send gives its slot back but is still awaited: sending the row again while
            // the first call may still land is how hung calls became duplicates.
            var slotTimer = _time.CreateTimer(static s => ((SendSlot)s!).Release(), slot, _bot.RequestTimeout, Timeout.InfiniteTimeSpan);
            try
            {
                await _delivery.DeliverAsync(row, reserved, stoppingToken, _abortSends.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // DeliverAsync handles what it expects; anything else must still be seen, and the row is left to its lease.
                LogUnexpected(_logger, row.Purpose, row.RecipientKey, ex);
            }
            finally
            {
                await slotTimer.DisposeAsync().ConfigureAwait(false);
                if (row.ConversationId is { } c)
                {
                    _busyConversations.TryRemove(c, out _);
                }

                _inFlight.TryRemove(row.Key, out _);
                slot.Release();
                gate.TrySetResult();
                Wake(rescan: false);
            }
        }, CancellationToken.None);
    }

    private void NoteRelease(DateTimeOffset next)
    {
        lock (_gate)
        {
            _earliestRelease = _earliestRelease is { } e && e <= next ? e : next;
        }
    }

    internal static string? TenantOf(OutboxRow row, ConnectorOptions bot) => row.TenantId ?? (string.IsNullOrWhiteSpace(bot.TenantId) ? null : bot.TenantId);

    private string? TenantOf(OutboxRow row) => TenantOf(row, _bot);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Outbox sender {InstanceId} started with {MaxConcurrency} sends in flight at most")]
    private static partial void LogStarted(ILogger logger, string instanceId, int maxConcurrency);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Outbox sender {InstanceId} stopped")]
    private static partial void LogStopped(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Error, Message = "Outbox {Purpose}/{RecipientKey}: unexpected error; the row waits for its lease")]
    private static partial void LogUnexpected(ILogger logger, string purpose, string recipientKey, Exception exception);
}
