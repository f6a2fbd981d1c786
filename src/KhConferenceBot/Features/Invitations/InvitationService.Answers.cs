using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Invitations;

public enum AnswerStatus
{
    Refused,
    Unchanged,
    Changed,
}

/// <summary>
/// What became of an answer or a registration: refused (with the message and a code for the card's error), nothing
/// new, or stored (with a note for the person, e.g. that their substitute has no Teams account yet).
/// </summary>
public sealed record AnswerResult(AnswerStatus Status, BilingualText? Message = null, string? Code = null, int? HttpStatus = null)
{
    /// <summary>The answer as stored after this call (changed or unchanged), so the card is drawn without reading it back.</summary>
    public RsvpRecord? Record { get; init; }

    public static AnswerResult Refuse(BilingualText message, string code, int? httpStatus = null) => new(AnswerStatus.Refused, message, code, httpStatus);
}

/// <summary>
/// Answering the invitation and registering a locality's leaders, the one implementation every surface calls (the
/// Teams card, the e-mail guests' answer page): the plan's rules (<see cref="RsvpRules"/>, <see cref="DistrictRegistration"/>),
/// optimistic saves, the substitute or leaders on the delegate list and their invitations.
/// </summary>
public sealed partial class InvitationService
{
    private const int MaxSaveAttempts = 3;

    public static BilingualText ClosedMessage(Conference conference) => new(
        $"Đã hết hạn phản hồi ({RsvpRules.FormatDeadline(conference, Language.Vi)}). Câu trả lời không được thay đổi; xin liên hệ Ban Tổ chức nếu cần.",
        $"Replies closed on {RsvpRules.FormatDeadline(conference, Language.En)}. Nothing was changed; please contact the organizers if needed.");

    /// <summary>Answers are taken while the conference's state allows them and the plan's deadline has not passed.</summary>
    public static bool TakesAnswers(Conference conference, DateTimeOffset now) =>
        conference.Allows(ConferenceAction.Answer) && RsvpRules.IsOpen(conference, now);

    public async Task<AnswerResult> AnswerAsync(Conference conference, ConferenceDelegate person, RsvpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        if (!conference.Allows(ConferenceAction.Answer))
        {
            return AnswerResult.Refuse(ConferenceLifecycle.Refusal(conference.State, ConferenceAction.Answer), "conferenceState", 409);
        }
        if (DistrictRegistration.IsContact(conference, person))
        {
            return AnswerResult.Refuse(new BilingualText(
                "Quý đại biểu là đầu mối của địa phương: vui lòng dùng nút «Đăng ký lãnh đạo dự họp».",
                "You register your locality's leaders: please use “Register leaders”."), "refused");
        }

        for (var attempt = 0; attempt < MaxSaveAttempts; attempt++)
        {
            var existing = await rsvps.GetAsync(conference.Id, person.Id, cancellationToken).ConfigureAwait(false);
            var decision = RsvpRules.Decide(conference, person, existing, request, Now);
            if (decision.Outcome == RsvpOutcome.Refused)
            {
                return AnswerResult.Refuse(decision.Refusal!, "rsvpRefused");
            }

            if (decision.Outcome == RsvpOutcome.Unchanged)
            {
                // A double click or a repeat: nothing is written or re-sent.
                return new AnswerResult(AnswerStatus.Unchanged) { Record = existing };
            }

            var record = decision.Record!;
            ConferenceDelegate? substitute = null;
            if (record is { Answer: RsvpAnswer.Substitute, SubstituteEmail: { } email })
            {
                var id = ConferenceDelegate.IdFromEmail(email);
                var known = await delegates.GetAsync(conference.Id, id, cancellationToken).ConfigureAwait(false);
                if (known is not null && !string.Equals(known.SubstituteForId, person.Id, StringComparison.Ordinal))
                {
                    return AnswerResult.Refuse(new BilingualText(
                        $"{record.SubstituteName} đã có trong danh sách đại biểu của hội nghị; vui lòng cử người khác hoặc liên hệ Ban Tổ chức.",
                        $"{record.SubstituteName} is already on the delegate list; please name someone else or contact the organizers."), "substituteIsDelegate");
                }

                substitute = new ConferenceDelegate
                {
                    Id = id,
                    Name = record.SubstituteName!,
                    Position = record.SubstitutePosition,
                    Organisation = person.Organisation,
                    GroupId = person.GroupId,
                    Category = person.Category,
                    Email = email,
                    AadObjectId = known?.AadObjectId,
                    District = person.District,
                    SubstituteForId = person.Id,
                    UpdatedAt = Now,
                };

                // Written before the answer so an answer never names a substitute the list lacks; a lost race leaves
                // an unreferenced substitute row, which no count includes.
                await delegates.UpsertAsync(conference.Id, [substitute], cancellationToken).ConfigureAwait(false);
            }

            var saved = await rsvps.TrySaveAsync(record, existing?.ETag, cancellationToken).ConfigureAwait(false);
            if (saved is null)
            {
                // Two clicks raced; read the winner and decide again (the same answer then changes nothing).
                continue;
            }

            LogAnswered(logger, person.Id, record.Answer);
            if (substitute is not null && !await InviteAsync(conference, substitute, cancellationToken).ConfigureAwait(false))
            {
                return new AnswerResult(AnswerStatus.Changed, new BilingualText(
                    "Người dự thay chưa có tài khoản Teams hay email trong hệ thống; Ban Tổ chức sẽ gửi giấy mời khi xác định được.",
                    "The substitute has no known Teams account or e-mail yet; the organizers will send their invitation once it is known.")) { Record = saved };
            }

            return new AnswerResult(AnswerStatus.Changed) { Record = saved };
        }

        return AnswerResult.Refuse(new BilingualText("Câu trả lời vừa được cập nhật ở nơi khác; vui lòng thử lại.", "Your answer was just changed elsewhere; please try again."), "conflict", 409);
    }

    /// <summary>The contact's whole registration from a form's fields (leader{n}Name, leader{n}Position, leader{n}Email, leader{n}Id).</summary>
    public async Task<AnswerResult> RegisterLeadersAsync(Conference conference, ConferenceDelegate contact, Func<string, string?> field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(contact);
        if (!conference.Allows(ConferenceAction.Answer))
        {
            return AnswerResult.Refuse(ConferenceLifecycle.Refusal(conference.State, ConferenceAction.Answer), "conferenceState", 409);
        }

        if (!RsvpRules.IsOpen(conference, Now))
        {
            return AnswerResult.Refuse(ClosedMessage(conference), "rsvpClosed");
        }

        var (entries, error) = DistrictRegistration.ReadEntries(field);
        if (error is not null)
        {
            return AnswerResult.Refuse(error, "invalidRegistration");
        }

        var all = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var decision = DistrictRegistration.Decide(conference, contact, entries, all, Now);
        if (decision.Refusal is { } refusal)
        {
            return AnswerResult.Refuse(refusal, "invalidRegistration");
        }

        var before = LeadersOf(contact, all);
        var changed = decision.Leaders.Where(l => !before.Any(b => b.Id == l.Id && b.Name == l.Name && b.Position == l.Position && b.Email == l.Email)).ToList();
        if (changed.Count > 0)
        {
            await delegates.UpsertAsync(conference.Id, changed, cancellationToken).ConfigureAwait(false);
            LogRegistered(logger, contact.Id, changed.Count);
            foreach (var leader in changed)
            {
                await InviteAsync(conference, leader, cancellationToken).ConfigureAwait(false);
            }
        }

        if (decision.RemovedLeaders.Count > 0)
        {
            await delegates.DeleteAsync(conference.Id, [.. decision.RemovedLeaders.Select(l => l.Id)], cancellationToken).ConfigureAwait(false);
            LogRemoved(logger, contact.Id, decision.RemovedLeaders.Count);
        }

        return new AnswerResult(changed.Count > 0 || decision.RemovedLeaders.Count > 0 ? AnswerStatus.Changed : AnswerStatus.Unchanged);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Delegate {DelegateId} answered {Answer}")]
    private static partial void LogAnswered(ILogger logger, string delegateId, RsvpAnswer answer);

    [LoggerMessage(Level = LogLevel.Information, Message = "District contact {DelegateId} registered {Count} leaders")]
    private static partial void LogRegistered(ILogger logger, string delegateId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "District contact {DelegateId} removed {Count} leaders")]
    private static partial void LogRemoved(ILogger logger, string delegateId, int count);
}
