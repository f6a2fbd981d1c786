using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Outbox;

namespace KhConferenceBot.Features.Invitations;

/// <summary>
/// The e-mail side of invitations, reminders and notices, for delegates Teams cannot reach. Declared here and implemented
/// by Features/Guests (which builds on Invitations for the answer rules), as Agenda declares IScheduleChangeFollower:
/// Invitations decides who goes by e-mail, Guests writes the e-mail and its personal answer link.
/// </summary>
public interface IEmailInvitations
{
    /// <summary>False when no sending mailbox is configured: then nobody is planned for e-mail.</summary>
    bool IsAvailable { get; }

    /// <summary>The invitation (or summons) as an e-mail with the .ics and the personal answer link.</summary>
    OutboxMessage Invitation(Conference conference, ConferenceDelegate person, IReadOnlyList<ConferenceDelegate> leaders, string purpose);

    /// <summary>A reminder to answer, pointing at the same personal link.</summary>
    OutboxMessage Reminder(Conference conference, ConferenceDelegate person, DateTimeOffset invitationSentAt, string purpose);

    /// <summary>The day-before reminder, with the person's check-in pass (QR inline, code, name, unit, seat group).</summary>
    OutboxMessage DayBefore(Conference conference, ConferenceDelegate person, CheckIn.CheckInPass pass, string purpose);

    /// <summary>The changed agenda after a confirmed schedule change, with the updated .ics.</summary>
    OutboxMessage ScheduleChange(Conference conference, ConferenceDelegate person, RsvpRecord? rsvp, string purpose);
}
