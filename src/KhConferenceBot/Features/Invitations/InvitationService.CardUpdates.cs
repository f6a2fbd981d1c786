using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Features.Invitations;

/// <summary>Keeping delivered invitations current: the delegate's own answer, and every schedule change.</summary>
public sealed partial class InvitationService
{
    /// <summary>
    /// Puts the new state on the invitation message the delegate received, so every client (and the next time they
    /// scroll up) shows it. A failure here is logged: the answer is already stored.
    /// </summary>
    public async Task UpdateOriginalAsync(TurnContext turn, ConferenceDelegate person, JsonElement card)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(person);
        try
        {
            var entry = await outbox.GetAsync(InvitationPurpose(turn.Conference.Id), person.Id, turn.CancellationToken).ConfigureAwait(false);
            var replyTo = turn.Activity.ReplyToId;
            if (entry is { ActivityId: { Length: > 0 } id, ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                // The Submit fallback already replaces the clicked message itself (the router does it).
                if (!turn.Activity.IsType(ActivityTypes.Invoke) && string.Equals(id, replyTo, StringComparison.Ordinal))
                {
                    return;
                }

                var update = Activity.CreateCard(card);
                update.Id = id;
                update.Conversation = new ConversationAccount { Id = conversation };
                await connector.UpdateActivityAsync(serviceUrl, conversation, id, update, turn.CancellationToken).ConfigureAwait(false);
            }
            else if (turn.Activity.IsType(ActivityTypes.Invoke) && !string.IsNullOrEmpty(replyTo))
            {
                await turn.UpdateAsync(replyTo, Activity.CreateCard(card)).ConfigureAwait(false);
            }

            if (entry?.SentAt is { } sentAt)
            {
                await UpdateRemindersAsync(turn, person, sentAt).ConfigureAwait(false);
            }
        }
        catch (ConnectorException e)
        {
            LogUpdateFailed(logger, person.Id, e.Message);
        }
        catch (HttpRequestException e)
        {
            LogUpdateFailed(logger, person.Id, e.Message);
        }
    }

    /// <summary>
    /// Queues, for every delegate whose invitation was delivered, a PUT of that message with the card as it stands now
    /// (new times, end and agenda; their answer kept). The purpose names the change, so asking again adds nothing.
    /// An invitation still queued at that moment has no message to update yet and goes out as it was rendered.
    /// </summary>
    public async Task<int> EnqueueCardUpdatesAsync(Conference conference, string changeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentException.ThrowIfNullOrWhiteSpace(changeId);
        var people = (await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        var purpose = UpdatePurpose(conference.Id, changeId);
        var messages = new List<OutboxMessage>();
        foreach (var sent in await outbox.ListAsync(InvitationPurpose(conference.Id), cancellationToken).ConfigureAwait(false))
        {
            if (sent is not { State: OutboxState.Sent, ActivityId: { Length: > 0 } activityId, ConversationId: { Length: > 0 } conversationId, ServiceUrl: { Length: > 0 } serviceUrl }
                || !people.TryGetValue(sent.RecipientKey, out var person))
            {
                continue;
            }

            var activity = await InvitationActivityAsync(conference, person, cancellationToken).ConfigureAwait(false);
            activity.Id = activityId;
            activity.Conversation = new ConversationAccount { Id = conversationId };
            messages.Add(new OutboxMessage(purpose, person.Id, activity, ConversationId: conversationId, ServiceUrl: serviceUrl));
        }

        var added = messages.Count == 0 ? 0 : await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        LogEnqueued(logger, purpose, added, messages.Count - added, 0);
        return added;
    }

    /// <summary>Queues the card updates of a change once: the mark is set only after they are all in the outbox.</summary>
    async Task<int> IScheduleChangeFollower.FollowAsync(Conference updated, string changeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updated);
        if (await state.GetFollowedChangeAsync(updated.Id, cancellationToken).ConfigureAwait(false) == changeId)
        {
            return 0;
        }

        var added = await EnqueueCardUpdatesAsync(updated, changeId, cancellationToken).ConfigureAwait(false);
        await state.SetFollowedChangeAsync(updated.Id, changeId, cancellationToken).ConfigureAwait(false);
        return added;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the invitation message of delegate {DelegateId}: {Error}")]
    private static partial void LogUpdateFailed(ILogger logger, string delegateId, string error);
}
