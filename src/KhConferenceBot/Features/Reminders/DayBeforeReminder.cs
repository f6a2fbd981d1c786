using KhConferenceBot.Conferences;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Cards;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Features.Reminders;

/// <summary>
/// The day-before reminder, one message per person with a pass, in the channel their invitation went by: in Teams the
/// reminder above their pass card (the card they open at the hall's door), by e-mail the reminder with the pass. The pass
/// is the one <see cref="PassService"/> issues for their current answer, rendered by CheckIn's card and the guests' mail.
/// </summary>
public sealed class DayBeforeReminder(PassHolders holders, PassService passes, InvitationService invitations, IEmailInvitations email)
{
    public async Task<IReadOnlyList<OutboxMessage>> MessagesAsync(Conference conference, PlannedReminder reminder, string purpose, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(reminder);
        var messages = new List<OutboxMessage>();
        var accounts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var holder in await holders.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false))
        {
            var person = holder.Person;
            var channel = invitations.ChannelOf(person);
            if (channel is null || (channel == OutboxChannel.Teams && !accounts.Add(person.AadObjectId!)))
            {
                continue;
            }

            // Null when the answer changed since the list was read: that person is not expected tomorrow.
            if (await passes.GetOrIssueAsync(conference, person.Id, cancellationToken).ConfigureAwait(false) is not { } pass)
            {
                continue;
            }

            // Teams rows keep the account as their key (one reminder per person whatever their chats), e-mail rows the delegate.
            messages.Add(channel == OutboxChannel.Email
                ? email.DayBefore(conference, person, pass, purpose)
                : new OutboxMessage(purpose, person.AadObjectId!, Activity.CreateCard(Card(conference, reminder, pass).ToJsonElement(), $"Nhắc lịch: {conference.ShortName.Vi}"), UserAadObjectId: person.AadObjectId, DelegateId: person.Id));
        }

        return messages;
    }

    /// <summary>The reminder's paragraphs, then the pass card as the pass command shows it.</summary>
    public static AdaptiveCard Card(Conference conference, PlannedReminder reminder, CheckInPass pass)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var card = PassCard.Build(conference, pass, null, Common.Language.Vi);
        var paragraphs = reminder.Text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < paragraphs.Length; i++)
        {
            card.Body.Insert(i, new TextBlock(paragraphs[i]) { Weight = i == 0 ? TextWeight.Bolder : null });
        }

        card.Body[paragraphs.Length].Separator = true;
        return card;
    }
}
