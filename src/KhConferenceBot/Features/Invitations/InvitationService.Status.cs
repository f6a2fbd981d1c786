using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Outbox;

namespace KhConferenceBot.Features.Invitations;

/// <summary>One group's delegates, each in exactly one column: Total = Attending + Substitutes + Declined + Leaders + NoAnswer.</summary>
public sealed record GroupStatus(DelegateGroup Group, int Total, int Attending, int Declined, int Substitutes, int NoAnswer, int Leaders = 0);

/// <summary>A locality's registration: leaders its contact registered against the quota.</summary>
public sealed record DistrictSlots(ConferenceDelegate Contact, int Registered, int Quota);

public sealed record StatusReport(
    int Total,
    int Invited,
    int Summoned,
    int Attending,
    int Declined,
    int Substitutes,
    int NoAnswer,
    int RegisteredLeaders,
    int ExpectedHeadcount,
    int Capacity,
    int Sent,
    int Waiting,
    IReadOnlyList<GroupStatus> ByGroup,
    IReadOnlyList<DeliveryFailure> Failures,
    IReadOnlyList<ConferenceDelegate> NonResponders,
    IReadOnlyList<DistrictSlots>? Districts = null)
{
    /// <summary>Localities and their registered leaders; the contacts themselves are not delegates counted in <see cref="Total"/>.</summary>
    public IReadOnlyList<DistrictSlots> Localities => Districts ?? [];

    public bool OverCapacity => ExpectedHeadcount > Capacity;
}

/// <summary>An invitation Teams did not deliver: to whom (name and unit, as organizers know them) and why, in plain words.</summary>
public sealed record DeliveryFailure(string DelegateId, string Name, string? Unit, string Code, string Reason);

/// <summary>The organizers' status: answers by group, headcount against capacity, localities, delivery failures.</summary>
public sealed partial class InvitationService
{
    public async Task<StatusReport> StatusAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var answers = (await rsvps.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.DelegateId, StringComparer.Ordinal);
        var entries = await outbox.ListAsync(InvitationPurpose(conference.Id), cancellationToken).ConfigureAwait(false);

        // A substitute stands in the seat of the delegate who sent them; counting both would count one seat twice.
        var people = all.Where(d => d.SubstituteForId is null).ToList();
        var contacts = people.Where(d => DistrictRegistration.IsContact(conference, d)).ToList();
        var answering = people.Where(d => !DistrictRegistration.IsContact(conference, d)).ToList();
        RsvpAnswer? AnswerOf(ConferenceDelegate d) => answers.TryGetValue(d.Id, out var r) ? r.Answer : null;

        var attending = answering.Count(d => AnswerOf(d) == RsvpAnswer.Attend);
        var declined = answering.Count(d => AnswerOf(d) == RsvpAnswer.Decline);
        var substitutes = answering.Count(d => AnswerOf(d) == RsvpAnswer.Substitute);

        // Every delegate is counted in exactly one column: their own answer, else "registered by their locality"
        // (expected unless they say otherwise), else "no reply". District contacts register others and are shown
        // with their localities' slots instead.
        bool RegisteredAwaiting(ConferenceDelegate d) => d.RegisteredById is not null && AnswerOf(d) is null;
        bool Silent(ConferenceDelegate d) => d.RegisteredById is null && AnswerOf(d) is null;
        var leadersAwaiting = answering.Count(RegisteredAwaiting);
        var expected = attending + substitutes + leadersAwaiting;
        var nonResponders = answering.Where(Silent)
            .Concat(contacts.Where(c => LeadersOf(c, all).Count == 0))
            .OrderBy(d => conference.Groups.FindIndex(g => string.Equals(g.Id, d.GroupId, StringComparison.OrdinalIgnoreCase)))
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

        var byGroup = conference.Groups.Select(g =>
        {
            var members = answering.Where(d => string.Equals(d.GroupId, g.Id, StringComparison.OrdinalIgnoreCase)).ToList();
            return new GroupStatus(g, members.Count,
                members.Count(d => AnswerOf(d) == RsvpAnswer.Attend),
                members.Count(d => AnswerOf(d) == RsvpAnswer.Decline),
                members.Count(d => AnswerOf(d) == RsvpAnswer.Substitute),
                members.Count(Silent),
                members.Count(RegisteredAwaiting));
        }).Where(g => g.Total > 0).ToList();
        var districts = contacts
            .Select(c => new DistrictSlots(c, LeadersOf(c, all).Count, DistrictRegistration.Quota(conference, c)))
            .OrderBy(d => d.Contact.District ?? d.Contact.Name, StringComparer.Ordinal)
            .ToList();

        return new StatusReport(
            answering.Count,
            answering.Count(d => d.Category == DelegateCategory.Invited),
            answering.Count(d => d.Category == DelegateCategory.Summoned),
            attending,
            declined,
            substitutes,
            answering.Count(Silent),
            leadersAwaiting,
            expected,
            conference.Capacity,
            entries.Count(e => e.State == OutboxState.Sent),
            entries.Count(e => e.State is OutboxState.Pending or OutboxState.Sending),
            byGroup,
            FailuresOf(entries, all),
            nonResponders,
            districts);
    }

    private static List<DeliveryFailure> FailuresOf(IEnumerable<OutboxEntry> entries, IEnumerable<ConferenceDelegate> all)
    {
        var byId = all.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return entries.Where(e => e.State == OutboxState.Failed).Select(e =>
        {
            var person = byId.GetValueOrDefault(e.RecipientKey);
            var code = e.ErrorCode ?? "Unknown";
            return new DeliveryFailure(e.RecipientKey, person?.Name ?? e.RecipientKey, person?.Organisation, code, e.ErrorMessage ?? OutboxFailureReasons.For(code));
        }).ToList();
    }
}
