using System.Collections.Concurrent;
using System.Globalization;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Bot;

/// <summary>
/// How a turn's answers leave: at once, inside the HTTP request, while the Teams budget of the conversation and the
/// tenant has room right now; through the outbox when it has not, so the request is answered at once instead of held
/// open until the budget frees (Teams gives up on a turn after 15 s and sends it again, which made duplicates).
/// </summary>
/// <remarks>
/// Order per conversation: once an answer went to the outbox, later answers to that conversation follow it there until
/// the outbox has sent it (a point read tells), so a reply never overtakes an earlier one. Outbox rows of one
/// conversation sort by the time they were queued, and the sender has at most one send per conversation in flight.
/// The queued answer has no activity id yet: a caller that keeps the id to edit the message later gets none.
/// </remarks>
public sealed partial class TurnReplies(IConnectorClient connector, ISendBudget budget, IOutbox outbox, TimeProvider time, ILogger<TurnReplies> logger)
{
    /// <summary>Outbox purpose of queued answers: a partition of their own per conference (one more for turns about none).</summary>
    public static string Purpose(string? conferenceId) => conferenceId is null ? "reply" : OutboxPurposes.Of(conferenceId, "reply");

    private static long _sequence;

    // The last answer queued per conversation and not yet seen sent; entries leave when it has been.
    private readonly ConcurrentDictionary<string, (string Purpose, string RecipientKey)> _queued = new(StringComparer.Ordinal);

    /// <summary>Answers queued since start (a metric for the benchmark and the tests).</summary>
    public long QueuedCount => Interlocked.Read(ref _queuedCount);

    private long _queuedCount;

    public async Task<ResourceResponse> SendAsync(string? conferenceId, string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (await MayGoInlineAsync(conversationId, activity.TenantId, BudgetOperation.Send, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                using (ReservingSendBudget.Reserve(BudgetOperation.Send, conversationId))
                {
                    return await connector.SendToConversationAsync(serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (ConnectorException ex) when (ex.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                // Teams counted otherwise (another sender, another app instance): the outbox waits its Retry-After.
            }
        }

        await QueueAsync(conferenceId, serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false);
        return new ResourceResponse();
    }

    public async Task<ResourceResponse> UpdateAsync(string? conferenceId, string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (await MayGoInlineAsync(conversationId, activity.TenantId, BudgetOperation.Update, cancellationToken).ConfigureAwait(false))
        {
            using (ReservingSendBudget.Reserve(BudgetOperation.Update, conversationId))
            {
                return await connector.UpdateActivityAsync(serviceUrl, conversationId, activityId, activity, cancellationToken).ConfigureAwait(false);
            }
        }

        // The outbox replaces the message in place when the activity carries its id.
        activity.Id = activityId;
        await QueueAsync(conferenceId, serviceUrl, conversationId, activity, cancellationToken).ConfigureAwait(false);
        return new ResourceResponse { Id = activityId };
    }

    private async Task<bool> MayGoInlineAsync(string conversationId, string? tenantId, BudgetOperation operation, CancellationToken cancellationToken)
    {
        if (_queued.TryGetValue(conversationId, out var last))
        {
            var entry = await outbox.GetAsync(last.Purpose, last.RecipientKey, cancellationToken).ConfigureAwait(false);
            if (entry is { State: OutboxState.Pending or OutboxState.Sending })
            {
                return false;
            }

            _queued.TryRemove(new KeyValuePair<string, (string, string)>(conversationId, last));
        }

        // Takes the budget now if there is room; the Connector call then uses this slot instead of taking another.
        return budget.TryAcquire(operation, conversationId, tenantId, out _);
    }

    private async Task QueueAsync(string? conferenceId, string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        // Sorts by queueing time within the conversation: the sender reads a partition in row-key order.
        var sequence = Interlocked.Increment(ref _sequence);
        var recipientKey = string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{time.GetUtcNow().UtcTicks:D19}|{sequence:D12}");
        var purpose = Purpose(conferenceId);
        await outbox.EnqueueAsync([new OutboxMessage(purpose, recipientKey, activity, ConversationId: conversationId, ServiceUrl: serviceUrl)], cancellationToken).ConfigureAwait(false);
        _queued[conversationId] = (purpose, recipientKey);
        Interlocked.Increment(ref _queuedCount);
        LogQueued(logger, conversationId);
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "No Teams budget now for conversation {ConversationId}: the answer goes through the outbox")]
    private static partial void LogQueued(ILogger logger, string conversationId);
}
