using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;

namespace KhConferenceBot.Workspace;

/// <summary>Where a delegate's invitation is, in the words organizers filter by.</summary>
public enum DeliveryStatus
{
    NotSent,
    NoTeamsAccount,
    Waiting,
    Sent,
    Failed,
}

/// <summary>One line of the delegates table: the person, their answer as the exports word it, and their invitation.</summary>
public sealed record DelegateRow(ConferenceDelegate Person, AttendanceAnswer Answer, string Detail, DeliveryStatus Delivery, string? FailureReason, DateTimeOffset? AnsweredAt)
{
    /// <summary>Search ignores case and Vietnamese accents, as the chat commands do ("nguyen van hung" finds Nguyễn Văn Hùng).</summary>
    public bool Matches(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return true;
        }

        var wanted = Fold(search);
        return new[] { Person.Name, Person.Position, Person.Organisation, Person.Email, Person.District, Detail }
            .Any(field => field is not null && Fold(field).Contains(wanted, StringComparison.Ordinal));
    }

    private static string Fold(string text) => Bot.CommandText.RemoveDiacritics(Bot.CommandText.Normalize(text));
}

/// <summary>A locality's registration with the leaders its contact registered.</summary>
public sealed record LocalityRow(DistrictSlots Slots, IReadOnlyList<ConferenceDelegate> Leaders);

/// <param name="Removed">The delegates organizers removed, with the answer that stays on record.</param>
public sealed record DelegateTableView(IReadOnlyList<DelegateRow> Rows, IReadOnlyList<LocalityRow> Localities, IReadOnlyList<DelegateRow> Removed);

/// <summary>
/// The delegates table of the workspace, read from the same stores and services as the exports and the status card:
/// the attendance reader for answers, the invitation outbox for delivery, the status report for localities.
/// </summary>
public sealed class DelegateTable(IDelegateStore delegates, IAttendanceReader attendance, IOutbox outbox, InvitationService invitations)
{
    public async Task<DelegateTableView> ReadAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var answers = await attendance.ReadAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var entries = (await outbox.ListAsync(InvitationService.InvitationPurpose(conference.Id), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.RecipientKey, StringComparer.Ordinal);
        var status = await invitations.StatusAsync(conference, cancellationToken).ConfigureAwait(false);
        var groupOrder = conference.Groups.Select((g, i) => (g.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);

        DelegateRow RowOf(ConferenceDelegate d)
        {
            var answer = answers.GetValueOrDefault(d.Id) ?? new AttendanceRow(AttendanceAnswer.Pending);
            var entry = entries.GetValueOrDefault(d.Id);
            var substitute = string.Join(" – ", new[] { answer.SubstituteName, answer.SubstitutePosition }.Where(s => !string.IsNullOrWhiteSpace(s)));
            var detail = string.Join("; ", new[] { substitute, answer.Reason }.Where(s => !string.IsNullOrWhiteSpace(s)));
            return new DelegateRow(d, answer.Answer, detail, DeliveryOf(d, entry), FailureOf(entry), answer.AnsweredAt);
        }

        var rows = all
            .OrderBy(d => groupOrder.GetValueOrDefault(d.GroupId, int.MaxValue))
            .ThenBy(d => d.Name, StringComparer.Ordinal)
            .Select(RowOf)
            .ToList();
        var removed = (await delegates.ListRemovedAsync(conference.Id, cancellationToken).ConfigureAwait(false))
            .OrderByDescending(d => d.RemovedAt)
            .Select(RowOf)
            .ToList();
        var localities = status.Localities
            .Select(l => new LocalityRow(l, [.. all.Where(d => d.RegisteredById == l.Contact.Id).OrderBy(d => d.Name, StringComparer.Ordinal)]))
            .ToList();
        return new DelegateTableView(rows, localities, removed);
    }

    public static string AnswerText(AttendanceAnswer answer, Language language) => language == Language.En
        ? answer switch
        {
            AttendanceAnswer.Attending => "Attending",
            AttendanceAnswer.Declined => "Declined",
            AttendanceAnswer.Substitute => "Sends a substitute",
            AttendanceAnswer.Registered => "Registered",
            _ => "No answer",
        }
        : AttendanceExporter.AnswerText(answer);

    public static string DeliveryText(DeliveryStatus status, Language language) => status switch
    {
        DeliveryStatus.NoTeamsAccount => language.Pick(AttendanceExporter.NoTeamsAccount, "No Teams account"),
        DeliveryStatus.Waiting => language.Pick("Đang chờ gửi", "Waiting"),
        DeliveryStatus.Sent => language.Pick("Đã gửi", "Delivered"),
        DeliveryStatus.Failed => language.Pick("Gửi không thành công", "Failed"),
        _ => language.Pick(AttendanceExporter.NotSent, "Not sent"),
    };

    private static DeliveryStatus DeliveryOf(ConferenceDelegate person, OutboxEntry? entry) => entry?.State switch
    {
        OutboxState.Sent => DeliveryStatus.Sent,
        OutboxState.Failed => DeliveryStatus.Failed,
        OutboxState.Pending or OutboxState.Sending => DeliveryStatus.Waiting,
        _ => string.IsNullOrWhiteSpace(person.AadObjectId) ? DeliveryStatus.NoTeamsAccount : DeliveryStatus.NotSent,
    };

    private static string? FailureOf(OutboxEntry? entry) =>
        entry is { State: OutboxState.Failed } failed ? failed.ErrorMessage ?? OutboxFailureReasons.For(failed.ErrorCode ?? "Unknown") : null;
}
