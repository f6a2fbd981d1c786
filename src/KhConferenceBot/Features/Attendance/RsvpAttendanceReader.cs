using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Outbox;

namespace KhConferenceBot.Features.Attendance;

/// <summary>
/// The outbox purpose a conference's invitations are delivered under: the Invitations feature sends with it and the
/// attendance list reads each delegate's delivery state from it.
/// </summary>
public static class InvitationDelivery
{
    public static string Purpose(string conferenceId) => OutboxPurposes.Of(conferenceId, "invitation");
}

/// <summary>The exports' view of the answers: stored RSVPs, leaders districts registered, and invitation delivery.</summary>
internal sealed class RsvpAttendanceReader(IRsvpStore rsvps, IDelegateStore delegates, IOutbox outbox) : IAttendanceReader
{
    public async Task<IReadOnlyDictionary<string, AttendanceRow>> ReadAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var answers = await rsvps.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        var all = await delegates.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        var delivery = (await outbox.ListAsync(InvitationDelivery.Purpose(conferenceId), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.RecipientKey, e => DeliveryText(e.State), StringComparer.Ordinal);
        string? DeliveryOf(string id) => delivery.TryGetValue(id, out var state) ? state : null;

        var rows = new Dictionary<string, AttendanceRow>(StringComparer.Ordinal);
        foreach (var leader in all.Where(d => d.RegisteredById is not null))
        {
            rows[leader.Id] = new AttendanceRow(AttendanceAnswer.Registered, DeliveryState: DeliveryOf(leader.Id));
        }

        foreach (var answer in answers)
        {
            rows[answer.DelegateId] = new AttendanceRow(
                answer.Answer switch
                {
                    RsvpAnswer.Attend => AttendanceAnswer.Attending,
                    RsvpAnswer.Decline => AttendanceAnswer.Declined,
                    _ => AttendanceAnswer.Substitute,
                },
                answer.SubstituteName,
                answer.SubstitutePosition,
                answer.Reason,
                answer.AnsweredAt,
                DeliveryOf(answer.DelegateId));
        }

        foreach (var person in all.Where(d => !rows.ContainsKey(d.Id) && DeliveryOf(d.Id) is not null))
        {
            rows[person.Id] = new AttendanceRow(AttendanceAnswer.Pending, DeliveryState: DeliveryOf(person.Id));
        }

        return rows;
    }

    /// <summary>The export is read by people: the invitation's delivery in their words, not the outbox's state names.</summary>
    public static string DeliveryText(OutboxState state) => state switch
    {
        OutboxState.Sent => "Đã gửi",
        OutboxState.Failed => "Gửi không thành công",
        OutboxState.Sending => "Đang gửi",
        _ => "Đang chờ gửi",
    };
}
