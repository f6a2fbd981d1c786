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
    InvitationService invitations,
    PassDelivery passes,
    TurnFollowUps followUps,
    ILogger<RsvpCardActions> logger) : ICardActionHandler
{
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
        var result = await invitations.AnswerAsync(turn.Conference, person, request, turn.CancellationToken).ConfigureAwait(false);
        var changed = result.Status == AnswerStatus.Changed;

        // The confirmation carries the pass (a new one: the answer changed, so any earlier pass is revoked).
        return await RenderAsync(turn, person, result, updateOriginal: changed, note: true, sendPass: changed && request.Answer == RsvpAnswer.Attend).ConfigureAwait(false);
    }

    private async Task<CardActionResult> RegisterAsync(TurnContext turn, ConferenceDelegate contact, CardAction action)
    {
        var result = await invitations.RegisterLeadersAsync(turn.Conference, contact, action.GetString, turn.CancellationToken).ConfigureAwait(false);
        return await RenderAsync(turn, contact, result, updateOriginal: result.Status == AnswerStatus.Changed, note: false, sendPass: false).ConfigureAwait(false);
    }

    private async Task<CardActionResult> RenderAsync(TurnContext turn, ConferenceDelegate person, AnswerResult result, bool updateOriginal, bool note, bool sendPass)
    {
        if (result.Status == AnswerStatus.Refused)
        {
            return CardActionResult.Refuse(result.Message!.Get(turn.Language), result.Code ?? "refused", result.HttpStatus ?? 400);
        }

        var card = await invitations.CardForAsync(turn.Conference, person, turn.Language, changing: false, turn.CancellationToken, answer: result.Record).ConfigureAwait(false);
        if (note && result.Message is { } message && !turn.Activity.IsType(Teams.Schema.ActivityTypes.Invoke))
        {
            await turn.SendTextAsync(message.Get(turn.Language)).ConfigureAwait(false);
        }

        if (updateOriginal || sendPass)
        {
            // The clicker sees the new card from this answer; the delivered message and the pass follow just after.
            followUps.Enqueue("rsvp confirmation", async cancellationToken =>
            {
                var later = turn.WithCancellation(cancellationToken);
                if (updateOriginal)
                {
                    await invitations.UpdateOriginalAsync(later, person, card).ConfigureAwait(false);
                }

                if (sendPass)
                {
                    await passes.SendAsync(later, person.Id).ConfigureAwait(false);
                }
            });
        }

        return CardActionResult.ReplaceCard(card);
    }

    private static CardActionResult Closed(TurnContext turn) =>
        CardActionResult.Refuse(InvitationService.ClosedMessage(turn.Conference).Get(turn.Language), "rsvpClosed");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a card action naming another {What} (user {UserKey})")]
    private static partial void LogForged(ILogger logger, string what, string userKey);

}
