using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Features.Invitations;

/// <summary>
/// The buttons of the invitation card. The card names the invitation; the clicker is who Teams says they are, and
/// the two must match.
/// </summary>
internal sealed partial class RsvpCardActions(
    IDelegateStore delegates,
    IRsvpStore rsvps,
    InvitationService invitations,
    PassDelivery passes,
    ILogger<RsvpCardActions> logger) : ICardActionHandler
{
    private const int MaxSaveAttempts = 3;

    public string VerbPrefix => "rsvp.";

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        var conference = turn.Conference;
        var (person, refusal) = await ResolveAsync(turn, action).ConfigureAwait(false);
        if (person is null)
        {
            return refusal!;
        }

        if (!conference.Allows(ConferenceAction.Answer))
        {
            return CardActionResult.Refuse(ConferenceLifecycle.Refusal(conference.State, ConferenceAction.Answer).Get(turn.Language), "conferenceState", 409);
        }

        switch (action.Verb)
        {
            case InvitationCards.AttendVerb:
                return await AnswerAsync(turn, person, new RsvpRequest(RsvpAnswer.Attend)).ConfigureAwait(false);
            case InvitationCards.DeclineVerb:
                return await AnswerAsync(turn, person, new RsvpRequest(RsvpAnswer.Decline, Reason: action.GetString("reason"))).ConfigureAwait(false);
            case InvitationCards.SubstituteVerb:
                return await AnswerAsync(turn, person, new RsvpRequest(
                    RsvpAnswer.Substitute,
                    SubstituteName: action.GetString("substituteName"),
                    SubstitutePosition: action.GetString("substitutePosition"),
                    SubstituteEmail: action.GetString("substituteEmail"))).ConfigureAwait(false);
            case InvitationCards.ChangeVerb:
                if (!RsvpRules.IsOpen(conference, invitations.Now))
                {
                    return Closed(turn);
                }

                return CardActionResult.ReplaceCard(await invitations.CardForAsync(conference, person, turn.Language, changing: true, turn.CancellationToken).ConfigureAwait(false));
            case InvitationCards.RegisterVerb:
                return await RegisterAsync(turn, person, action).ConfigureAwait(false);
            default:
                return CardActionResult.Refuse(turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }
    }

    private async Task<(ConferenceDelegate? Person, CardActionResult? Refusal)> ResolveAsync(TurnContext turn, CardAction action)
    {
        var conferenceId = action.GetString("conferenceId");
        var delegateId = action.GetString("delegateId");
        if (!string.Equals(conferenceId, turn.Conference.Id, StringComparison.Ordinal))
        {
            LogForged(logger, "conference", turn.UserKey);
            return (null, CardActionResult.Refuse(turn.T("Giấy mời này không thuộc hội nghị hiện tại.", "This invitation is not for the current conference."), "wrongConference", 403));
        }

        var person = turn.UserAadObjectId is { } aad
            ? await delegates.FindByAadObjectIdAsync(turn.Conference.Id, aad, turn.CancellationToken).ConfigureAwait(false)
            : null;
        if (person is null)
        {
            return (null, CardActionResult.Refuse(turn.T(
                "Quý vị chưa có trong danh sách đại biểu của hội nghị. Xin liên hệ Ban Tổ chức.",
                "You are not on the conference's delegate list. Please contact the organizers."), "notDelegate", 403));
        }

        if (!string.Equals(delegateId, person.Id, StringComparison.Ordinal) && action.GetBool(InvitationCards.PreviewField))
        {
            return (null, CardActionResult.Refuse(turn.T(
                "Đây là bản xem trước giấy mời; các nút chỉ có tác dụng trên giấy mời đại biểu nhận được. Chưa có gì được ghi nhận.",
                "This is a preview of the invitation; its buttons work only on the invitation the delegate receives. Nothing was recorded."), "preview"));
        }

        if (!string.Equals(delegateId, person.Id, StringComparison.Ordinal))
        {
            LogForged(logger, "delegate", turn.UserKey);
            return (null, CardActionResult.Refuse(turn.T(
                "Giấy mời này dành cho đại biểu khác; Quý đại biểu chỉ trả lời được giấy mời của mình.",
                "This invitation belongs to another delegate; you can only answer your own."), "notYourInvitation", 403));
        }

        return (person, null);
    }

    private async Task<CardActionResult> AnswerAsync(TurnContext turn, ConferenceDelegate person, RsvpRequest request)
    {
        var conference = turn.Conference;
        if (DistrictRegistration.IsContact(conference, person))
        {
            return CardActionResult.Refuse(turn.T(
                "Quý đại biểu là đầu mối của địa phương: vui lòng dùng nút «Đăng ký lãnh đạo dự họp».",
                "You register your locality's leaders: please use “Register leaders”."));
        }

        for (var attempt = 0; attempt < MaxSaveAttempts; attempt++)
        {
            var existing = await rsvps.GetAsync(conference.Id, person.Id, turn.CancellationToken).ConfigureAwait(false);
            var decision = RsvpRules.Decide(conference, person, existing, request, invitations.Now);
            if (decision.Outcome == RsvpOutcome.Refused)
            {
                return CardActionResult.Refuse(decision.Refusal!.Get(turn.Language), "rsvpRefused");
            }

            if (decision.Outcome == RsvpOutcome.Unchanged)
            {
                // A double click or a repeat: the card is shown again, nothing is written or re-sent.
                return CardActionResult.ReplaceCard(await invitations.CardForAsync(conference, person, turn.Language, changing: false, turn.CancellationToken).ConfigureAwait(false));
            }

            var record = decision.Record!;
            ConferenceDelegate? substitute = null;
            if (record is { Answer: RsvpAnswer.Substitute, SubstituteEmail: { } email })
            {
                var id = ConferenceDelegate.IdFromEmail(email);
                var known = await delegates.GetAsync(conference.Id, id, turn.CancellationToken).ConfigureAwait(false);
                if (known is not null && !string.Equals(known.SubstituteForId, person.Id, StringComparison.Ordinal))
                {
                    return CardActionResult.Refuse(turn.T(
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
                    UpdatedAt = invitations.Now,
                };
            }

            if (substitute is not null)
            {
                // Written before the answer so an answer never names a substitute the list lacks; a lost race leaves
                // an unreferenced substitute row, which no count includes.
                await delegates.UpsertAsync(conference.Id, [substitute], turn.CancellationToken).ConfigureAwait(false);
            }

            var saved = await rsvps.TrySaveAsync(record, existing?.ETag, turn.CancellationToken).ConfigureAwait(false);
            if (saved is null)
            {
                // Two clicks raced; read the winner and decide again (the same answer then changes nothing).
                continue;
            }

            LogAnswered(logger, person.Id, record.Answer);
            var note = "";
            if (substitute is not null)
            {
                note = await invitations.InviteAsync(conference, substitute, turn.CancellationToken).ConfigureAwait(false)
                    ? ""
                    : turn.T(" Người dự thay chưa có tài khoản Teams trong hệ thống; Ban Tổ chức sẽ gửi giấy mời khi xác định được.",
                        " The substitute has no known Teams account yet; the organizers will send their invitation once it is known.");
            }

            var card = await invitations.CardForAsync(conference, person, turn.Language, changing: false, turn.CancellationToken).ConfigureAwait(false);
            await invitations.UpdateOriginalAsync(turn, person, card).ConfigureAwait(false);
            if (note.Length > 0 && !turn.Activity.IsType(Teams.Schema.ActivityTypes.Invoke))
            {
                await turn.SendTextAsync(note.Trim()).ConfigureAwait(false);
            }

            if (record.Answer == RsvpAnswer.Attend)
            {
                // The confirmation carries the pass (a new one: the answer changed, so any earlier pass is revoked).
                await passes.SendAsync(turn, person.Id).ConfigureAwait(false);
            }

            return CardActionResult.ReplaceCard(card);
        }

        return CardActionResult.Refuse(turn.T("Câu trả lời vừa được cập nhật ở nơi khác; vui lòng thử lại.", "Your answer was just changed elsewhere; please try again."), "conflict", 409);
    }

    private async Task<CardActionResult> RegisterAsync(TurnContext turn, ConferenceDelegate contact, CardAction action)
    {
        var conference = turn.Conference;
        if (!RsvpRules.IsOpen(conference, invitations.Now))
        {
            return Closed(turn);
        }

        var (entries, error) = DistrictRegistration.ReadEntries(action.GetString);
        if (error is not null)
        {
            return CardActionResult.Refuse(error.Get(turn.Language), "invalidRegistration");
        }

        var all = await delegates.ListAsync(conference.Id, turn.CancellationToken).ConfigureAwait(false);
        var decision = DistrictRegistration.Decide(conference, contact, entries, all, invitations.Now);
        if (decision.Refusal is { } refusal)
        {
            return CardActionResult.Refuse(refusal.Get(turn.Language), "invalidRegistration");
        }

        var before = InvitationService.LeadersOf(contact, all);
        var changed = decision.Leaders.Where(l => !before.Any(b => b.Id == l.Id && b.Name == l.Name && b.Position == l.Position && b.Email == l.Email)).ToList();
        if (changed.Count > 0)
        {
            await delegates.UpsertAsync(conference.Id, changed, turn.CancellationToken).ConfigureAwait(false);
            LogRegistered(logger, contact.Id, changed.Count);
            foreach (var leader in changed)
            {
                await invitations.InviteAsync(conference, leader, turn.CancellationToken).ConfigureAwait(false);
            }
        }

        if (decision.RemovedLeaders.Count > 0)
        {
            await delegates.DeleteAsync(conference.Id, [.. decision.RemovedLeaders.Select(l => l.Id)], turn.CancellationToken).ConfigureAwait(false);
            LogRemoved(logger, contact.Id, decision.RemovedLeaders.Count);
        }

        var card = await invitations.CardForAsync(conference, contact, turn.Language, changing: false, turn.CancellationToken).ConfigureAwait(false);
        if (changed.Count > 0 || decision.RemovedLeaders.Count > 0)
        {
            await invitations.UpdateOriginalAsync(turn, contact, card).ConfigureAwait(false);
        }

        return CardActionResult.ReplaceCard(card);
    }

    private static CardActionResult Closed(TurnContext turn) => CardActionResult.Refuse(turn.T(
        $"Đã hết hạn phản hồi ({RsvpRules.FormatDeadline(turn.Conference, Language.Vi)}). Câu trả lời không được thay đổi; xin liên hệ Ban Tổ chức nếu cần.",
        $"Replies closed on {RsvpRules.FormatDeadline(turn.Conference, Language.En)}. Nothing was changed; please contact the organizers if needed."), "rsvpClosed");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a card action naming another {What} (user {UserKey})")]
    private static partial void LogForged(ILogger logger, string what, string userKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delegate {DelegateId} answered {Answer}")]
    private static partial void LogAnswered(ILogger logger, string delegateId, RsvpAnswer answer);

    [LoggerMessage(Level = LogLevel.Information, Message = "District contact {DelegateId} registered {Count} leaders")]
    private static partial void LogRegistered(ILogger logger, string delegateId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "District contact {DelegateId} removed {Count} leaders")]
    private static partial void LogRemoved(ILogger logger, string delegateId, int count);
}
