using System.Text.Json;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Outbox;

/// <summary>
/// One claimed row, start to finish: find the chat, send, then record what happened. Sending decides an
/// <see cref="Outcome"/> and writes nothing but the chat it found; recording writes the outcome through
/// <see cref="OutboxSettlements"/>, so a storage error can delay a record but never lose it or escape.
/// </summary>
internal sealed partial class OutboxDelivery(
    TableOutbox outbox,
    IConnectorClient connector,
    IMailSender mail,
    ISendBudget budget,
    IRecipientResolver resolver,
    IReadOnlyList<IOutboxRecipientCheck> checks,
    OutboxSettlements settlements,
    OutboxMetrics metrics,
    OutboxOptions options,
    ConnectorOptions bot,
    TimeProvider time,
    ILogger logger,
    Action<DateTimeOffset> noteRelease)
{
    public async Task DeliverAsync(OutboxRow row, bool reserved, CancellationToken stopping, CancellationToken abort)
    {
        Outcome outcome;
        try
        {
            outcome = await SendAsync(row, reserved, stopping, abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested || abort.IsCancellationRequested)
        {
            // Claimed but not (known to be) sent: give it back so the next instance starts at once, not after the lease.
            outcome = Outcome.ReleaseAt(time.GetUtcNow());
        }
        catch (Exception ex) when (OutboxSettlements.IsStorageFailure(ex))
        {
            // Storage failed before anything was sent (reading the chat, remembering it): nothing went out, try again soon.
            LogRowFailed(logger, row.Purpose, row.RecipientKey, false, ex);
            outcome = Outcome.ReleaseAt(time.GetUtcNow() + options.RetryBaseDelay);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            LogRowFailed(logger, row.Purpose, row.RecipientKey, false, ex);
            outcome = Outcome.Retry("Internal", null, "Lỗi nội bộ khi gửi; sẽ thử lại.");
        }

        await RecordAsync(row, outcome).ConfigureAwait(false);
    }

    private async Task<Outcome> SendAsync(OutboxRow row, bool reserved, CancellationToken stopping, CancellationToken abort)
    {
        // Asked here, with the row claimed, not when it was queued: a delegate removed a moment ago gets nothing.
        if (row.DelegateId is { } delegateId)
        {
            foreach (var check in checks)
            {
                if (await check.CancelReasonAsync(row.Purpose, delegateId, stopping).ConfigureAwait(false) is { } reason)
                {
                    return Outcome.Cancel(reason);
                }
            }
        }

        if (row.Channel == OutboxChannel.Email)
        {
            return await SendMailAsync(row, abort).ConfigureAwait(false);
        }

        var activity = ReadActivity(row);
        if (activity is null)
        {
            return Outcome.Fail(OutboxFailureReasons.InvalidActivity, OutboxFailureReasons.For(OutboxFailureReasons.InvalidActivity));
        }

        if (string.IsNullOrEmpty(row.ConversationId))
        {
            if (await ResolveAsync(row, stopping).ConfigureAwait(false) is { } unresolved)
            {
                return unresolved;
            }

            // The chat is known now; it needs its own send budget, which the dispatcher hands out (in order).
            if (!budget.TryAcquire(BudgetOperation.Send, row.ConversationId!, TenantOf(row), out var wait))
            {
                return Outcome.ReleaseAt(time.GetUtcNow() + wait);
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

        try
        {
            using (reserved ? ReservingSendBudget.Reserve(BudgetOperation.Send, row.ConversationId!) : null)
            {
                // Only the host's stop deadline interrupts a send that has started; stopping alone lets it finish.
                // A row whose activity carries an id rewrites that message in place (an invitation card after a schedule change).
                var serviceUrl = row.ServiceUrl ?? options.DefaultServiceUrl;
                var response = string.IsNullOrEmpty(activity.Id)
                    ? await connector.SendToConversationAsync(serviceUrl, row.ConversationId!, activity, abort).ConfigureAwait(false)
                    : await connector.UpdateActivityAsync(serviceUrl, row.ConversationId!, activity.Id, activity, abort).ConfigureAwait(false);
                return Outcome.Sent(string.IsNullOrEmpty(response.Id) ? activity.Id : response.Id);
            }
        }
        catch (ConnectorException ex) when (ex.OutcomeUnknown)
        {
            // No answer even after the answer deadline: Teams may have the message. Sending again may duplicate it, not
            // sending may lose it; an invitation that arrives twice is the smaller harm. Counted, logged, bounded by MaxAttempts.
            LogOutcomeUnknown(logger, row.Purpose, row.RecipientKey);
            metrics.Uncertain.Add(1, new KeyValuePair<string, object?>("purpose", row.Purpose));
            return Outcome.Retry(CodeOf(ex), ex.RetryAfter, OutboxFailureReasons.For(ex.Kind));
        }
        catch (ConnectorException ex) when (ex.IsTransient)
        {
            return Outcome.Retry(CodeOf(ex), ex.RetryAfter, OutboxFailureReasons.For(ex.Kind));
        }
        catch (ConnectorException ex)
        {
            return Outcome.Fail(CodeOf(ex), OutboxFailureReasons.For(ex.Kind));
        }
    }

    /// <summary>Null when the row now has its chat; otherwise what to do with it.</summary>
    private async Task<Outcome?> ResolveAsync(OutboxRow row, CancellationToken stopping)
    {
        if (string.IsNullOrEmpty(row.UserAadObjectId))
        {
            return Outcome.Fail(OutboxFailureReasons.NoRecipient, OutboxFailureReasons.For(OutboxFailureReasons.NoRecipient));
        }

        var resolution = await resolver.ResolveAsync(row.UserAadObjectId, row.TenantId, stopping).ConfigureAwait(false);
        if (resolution.NeedsBudget)
        {
            return Outcome.ReleaseAt(time.GetUtcNow() + (resolution.RetryAfter ?? TimeSpan.FromSeconds(1)));
        }

        if (resolution.Reference is not { } reference)
        {
            var code = resolution.ErrorCode ?? nameof(TeamsErrorKind.Unknown);
            var reason = resolution.Reason ?? OutboxFailureReasons.For(code);
            return resolution.IsTransient ? Outcome.Retry(code, resolution.RetryAfter, reason) : Outcome.Fail(code, reason);
        }

        if (!await outbox.SetTargetAsync(row, reference.ConversationId, reference.ServiceUrl, reference.TenantId ?? row.TenantId, CancellationToken.None).ConfigureAwait(false))
        {
            LogLeaseLost(logger, row.Purpose, row.RecipientKey);
            return Outcome.LeaseLost;
        }

        return null;
    }

    private async Task RecordAsync(OutboxRow row, Outcome outcome)
    {
        var purpose = new KeyValuePair<string, object?>("purpose", row.Purpose);
        switch (outcome.Result)
        {
            case DeliveryResult.Sent:
                var sentAt = time.GetUtcNow();
                metrics.Sent.Add(1, purpose);
                LogSent(logger, row.Purpose, row.RecipientKey, outcome.ActivityId);

                // Teams has the message: this write must land, whatever it takes, or the row would be sent again.
                await settlements.WriteAsync(row, "sent", ct => outbox.MarkSentAsync(row, outcome.ActivityId, sentAt, ct)).ConfigureAwait(false);
                break;
            case DeliveryResult.Retry when row.Attempts + 1 < options.MaxAttempts:
                var attempts = row.Attempts + 1;
                var backoff = outcome.RetryAfter ?? Backoff(attempts);
                var next = time.GetUtcNow() + backoff;
                metrics.Retried.Add(1, purpose, new KeyValuePair<string, object?>("code", outcome.Code));
                LogRetry(logger, row.Purpose, row.RecipientKey, outcome.Code!, attempts, (long)backoff.TotalMilliseconds);
                await WriteReleaseAsync(row, next, countAttempt: true, outcome.Code, outcome.Reason).ConfigureAwait(false);
                break;
            case DeliveryResult.Retry:
                await WriteFailedAsync(row, outcome.Code!, $"{outcome.Reason} (đã thử {row.Attempts + 1} lần)").ConfigureAwait(false);
                break;
            case DeliveryResult.Fail:
                await WriteFailedAsync(row, outcome.Code!, outcome.Reason!).ConfigureAwait(false);
                break;
            case DeliveryResult.Release:
                await WriteReleaseAsync(row, outcome.NotBefore!.Value, countAttempt: false, null, null).ConfigureAwait(false);
                break;
            case DeliveryResult.Cancelled:
                LogCancelled(logger, row.Purpose, row.RecipientKey, outcome.Code!);
                await settlements.WriteAsync(row, "cancelled", ct => outbox.MarkCancelledAsync(row, outcome.Code!, outcome.Reason!, ct)).ConfigureAwait(false);
                break;
        }
    }

    private async Task WriteReleaseAsync(OutboxRow row, DateTimeOffset next, bool countAttempt, string? code, string? reason)
    {
        await settlements.WriteAsync(row, "release", async ct =>
        {
            if (await outbox.ReleaseAsync(row, next, countAttempt, code, reason, ct).ConfigureAwait(false))
            {
                noteRelease(next);
            }
        }).ConfigureAwait(false);
    }

    private async Task WriteFailedAsync(OutboxRow row, string code, string reason)
    {
        metrics.Failed.Add(1, new KeyValuePair<string, object?>("purpose", row.Purpose), new KeyValuePair<string, object?>("code", code));
        LogFailed(logger, row.Purpose, row.RecipientKey, code);
        await settlements.WriteAsync(row, "failed", ct => outbox.MarkFailedAsync(row, code, reason, ct)).ConfigureAwait(false);
    }

    private TimeSpan Backoff(int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(options.RetryBaseDelay.Ticks * factor, options.RetryMaxDelay.Ticks));
    }

    private string? TenantOf(OutboxRow row) => OutboxSender.TenantOf(row, bot);

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

    private enum DeliveryResult
    {
        Sent,
        Retry,
        Fail,
        Release,
        LeaseLost,
        Cancelled,
    }

    private sealed record Outcome(DeliveryResult Result, string? ActivityId = null, string? Code = null, string? Reason = null, TimeSpan? RetryAfter = null, DateTimeOffset? NotBefore = null)
    {
        public static readonly Outcome LeaseLost = new(DeliveryResult.LeaseLost);

        public static Outcome Sent(string? activityId) => new(DeliveryResult.Sent, ActivityId: activityId);

        public static Outcome Retry(string code, TimeSpan? retryAfter, string reason) => new(DeliveryResult.Retry, Code: code, Reason: reason, RetryAfter: retryAfter);

        public static Outcome Fail(string code, string reason) => new(DeliveryResult.Fail, Code: code, Reason: reason);

        public static Outcome Cancel(string code) => new(DeliveryResult.Cancelled, Code: code, Reason: OutboxFailureReasons.For(code));

        /// <summary>Back to the queue without counting an attempt: nothing was sent.</summary>
        public static Outcome ReleaseAt(DateTimeOffset notBefore) => new(DeliveryResult.Release, NotBefore: notBefore);
    }

    [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "Outbox {Purpose}/{RecipientKey} sent as activity {ActivityId}")]
    private static partial void LogSent(ILogger logger, string purpose, string recipientKey, string? activityId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Outbox {Purpose}/{RecipientKey} failed transiently ({Code}), attempt {Attempt}; next try in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string purpose, string recipientKey, string code, int attempt, long delayMs);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Outbox {Purpose}/{RecipientKey} failed: {Code}")]
    private static partial void LogFailed(ILogger logger, string purpose, string recipientKey, string code);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Outbox {Purpose}/{RecipientKey} hit an internal error (sent: {Sent})")]
    private static partial void LogRowFailed(ILogger logger, string purpose, string recipientKey, bool sent, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Outbox {Purpose}/{RecipientKey}: lease lost to another instance before sending")]
    private static partial void LogLeaseLost(ILogger logger, string purpose, string recipientKey);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "Outbox {Purpose}/{RecipientKey} cancelled before sending: {Code}")]
    private static partial void LogCancelled(ILogger logger, string purpose, string recipientKey, string code);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Outbox {Purpose}/{RecipientKey}: Teams never answered the send; it may have arrived, sending again (possible duplicate)")]
    private static partial void LogOutcomeUnknown(ILogger logger, string purpose, string recipientKey);
}
