using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Features.Invitations;

/// <summary>Who a reminder reaches now, and how many non-responders got their invitation too recently to be reminded.</summary>
public sealed record ReminderScope(IReadOnlyList<ConferenceDelegate> Targets, int TooRecent, TimeSpan RemindAfterDelivery);

/// <summary>Reminding the delegates who have not answered, and marking their reminders answered once they do.</summary>
public sealed partial class InvitationService
{
    /// <summary>
    /// Reminds the people whose invitation reached them at least <see cref="InvitationOptions.RemindAfterDelivery"/> ago
    /// and who have not answered. The purpose names the round, so one round reaches each person at most once however
    /// often it is triggered.
    /// </summary>
    public async Task<int> RemindAsync(Conference conference, string purpose, CancellationToken cancellationToken)
    {
        var scope = await ReminderScopeAsync(conference, cancellationToken).ConfigureAwait(false);
        var delivered = await DeliveredInvitationsAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var messages = new List<OutboxMessage>();
        foreach (var person in scope.Targets)
        {
            if (delivered[person.Id].Channel == OutboxChannel.Email)
            {
                // Reminded in the channel the invitation reached them through.
                messages.Add(email.Reminder(conference, person, delivered[person.Id].SentAt!.Value, purpose));
                continue;
            }

            var language = await LanguageOfAsync(person, cancellationToken).ConfigureAwait(false);
            var card = InvitationCards.Reminder(new ReminderView(conference, person, language, delivered[person.Id].SentAt!.Value, null));
            var activity = Activity.CreateCard(card, language.Pick($"Nhắc phản hồi: {conference.ShortName.Get(language)}", $"Reminder: {conference.ShortName.Get(language)}"));
            activity.Locale = language.Code();
            messages.Add(new OutboxMessage(purpose, person.Id, activity, UserAadObjectId: person.AadObjectId, DelegateId: person.Id));
        }

        var added = messages.Count == 0 ? 0 : await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        LogEnqueued(logger, purpose, added, messages.Count - added, 0);
        return added;
    }

    public async Task<IReadOnlyList<ConferenceDelegate>> ReminderTargetsAsync(Conference conference, CancellationToken cancellationToken) =>
        (await ReminderScopeAsync(conference, cancellationToken).ConfigureAwait(false)).Targets;

    public async Task<ReminderScope> ReminderScopeAsync(Conference conference, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(conference, cancellationToken).ConfigureAwait(false);
        var delivered = await DeliveredInvitationsAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var wait = invitationOptions.Value.RemindAfterDelivery;
        var latest = time.GetUtcNow() - wait;
        var reachable = status.NonResponders
            .Where(d => delivered.TryGetValue(d.Id, out var invitation) && (invitation.Channel == OutboxChannel.Email || !string.IsNullOrWhiteSpace(d.AadObjectId)))
            .ToList();
        var targets = reachable.Where(d => delivered[d.Id].SentAt <= latest).ToList();
        return new ReminderScope(targets, reachable.Count - targets.Count, wait);
    }

    private async Task<Dictionary<string, OutboxEntry>> DeliveredInvitationsAsync(string conferenceId, CancellationToken cancellationToken) =>
        (await outbox.ListAsync(InvitationPurpose(conferenceId), cancellationToken).ConfigureAwait(false))
            .Where(e => e.State == OutboxState.Sent && e.SentAt is not null)
            .ToDictionary(e => e.RecipientKey, StringComparer.Ordinal);

    /// <summary>
    /// Every reminder the delegate received now says the answer arrived, so no copy in their chat still reads "no reply
    /// yet" (reminders sent by earlier versions carried live answer buttons; they are replaced too).
    /// </summary>
    private async Task UpdateRemindersAsync(TurnContext turn, ConferenceDelegate person, DateTimeOffset invitationSentAt)
    {
        var rsvp = await rsvps.GetAsync(turn.Conference.Id, person.Id, turn.CancellationToken).ConfigureAwait(false);
        var language = await LanguageOfAsync(person, turn.CancellationToken).ConfigureAwait(false);
        var rounds = await state.ReminderRoundsAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        var purposes = Enumerable.Range(1, rounds).Select(n => ReminderPurpose(turn.Conference.Id, n)).Prepend(AutoReminderPurpose(turn.Conference.Id));
        foreach (var purpose in purposes)
        {
            var reminder = await outbox.GetAsync(purpose, person.Id, turn.CancellationToken).ConfigureAwait(false);
            if (reminder is { ActivityId: { Length: > 0 } id, ConversationId: { Length: > 0 } conversation, ServiceUrl: { Length: > 0 } serviceUrl })
            {
                var update = Activity.CreateCard(InvitationCards.Reminder(new ReminderView(turn.Conference, person, language, invitationSentAt, rsvp)));
                update.Id = id;
                update.Conversation = new ConversationAccount { Id = conversation };
                await connector.UpdateActivityAsync(serviceUrl, conversation, id, update, turn.CancellationToken).ConfigureAwait(false);
            }
        }
    }
}
