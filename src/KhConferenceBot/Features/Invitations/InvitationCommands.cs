using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Teams.Invoke;

namespace KhConferenceBot.Features.Invitations;

/// <summary>"gửi thư mời [nhóm]": shows who would receive the invitation; nothing is sent before the organizer confirms.</summary>
internal sealed class SendInvitationsCommand(InvitationService invitations) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "send-invitations", ["gửi thư mời", "gửi giấy mời"], ["send invitations"], CommandScope.Any, OrganizerOnly: true,
        "Gửi giấy mời (có thể kèm tên nhóm); xác nhận trước khi gửi", "Send the invitations (optionally to one group); asks for confirmation first")
    {
        AnswersPrivately = true,
    };

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        if (!turn.Conference.Allows(ConferenceAction.SendInvitations))
        {
            await turn.SendTextAsync(ConferenceLifecycle.Refusal(turn.Conference.State, ConferenceAction.SendInvitations).Get(turn.Language)).ConfigureAwait(false);
            return;
        }

        DelegateGroup? group = null;
        if (!string.IsNullOrWhiteSpace(argument))
        {
            group = InvitationService.FindGroup(turn.Conference, argument);
            if (group is null)
            {
                await turn.SendTextAsync(turn.T(
                    $"Không tìm thấy nhóm đại biểu «{Teams.Cards.CardText.Plain(argument)}». Các nhóm trong kế hoạch: {turn.Conference.GroupNames(Language.Vi)}.",
                    $"No delegate group matches “{Teams.Cards.CardText.Plain(argument)}”. The plan's groups: {turn.Conference.GroupNames(Language.En)}.")).ConfigureAwait(false);
                return;
            }
        }

        var plan = await invitations.PlanAsync(turn.Conference, group, turn.CancellationToken).ConfigureAwait(false);
        await turn.SendCardAsync(OrganizerCards.Confirmation(turn.Conference, plan, turn.Language), turn.T("Xác nhận gửi giấy mời", "Confirm sending invitations")).ConfigureAwait(false);
    }
}

internal sealed class InvitationStatusCommand(InvitationService invitations, IWorkspaceLinks links) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "invitation-status", ["tình hình", "tình hình phản hồi"], ["status"], CommandScope.Any, OrganizerOnly: true,
        "Tình hình gửi giấy mời và phản hồi của đại biểu", "Invitation delivery and replies")
    {
        AnswersPrivately = true,
    };

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        var report = await invitations.StatusAsync(turn.Conference, turn.CancellationToken).ConfigureAwait(false);
        var workspace = links.ForChat(turn.Conference.Id, turn.Conference.ShortName.Get(turn.Language));
        await turn.SendCardAsync(OrganizerCards.Status(turn.Conference, report, turn.Language, workspace), turn.T("Tình hình phản hồi", "Reply status")).ConfigureAwait(false);
    }
}

internal sealed class RemindCommand(InvitationService invitations, IInvitationStateStore state) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "remind-rsvp", ["nhắc", "nhắc phản hồi"], ["remind"], CommandScope.Any, OrganizerOnly: true,
        "Nhắc những đại biểu đã nhận giấy mời mà chưa phản hồi", "Remind invited delegates who have not replied")
    {
        AnswersPrivately = true,
    };

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        if (!turn.Conference.Allows(ConferenceAction.RemindNonResponders))
        {
            await turn.SendTextAsync(ConferenceLifecycle.Refusal(turn.Conference.State, ConferenceAction.RemindNonResponders).Get(turn.Language)).ConfigureAwait(false);
            return;
        }

        var scope = await invitations.ReminderScopeAsync(turn.Conference, turn.CancellationToken).ConfigureAwait(false);
        var hours = OrganizerCards.Hours(scope.RemindAfterDelivery);
        var tooRecent = scope.TooRecent == 0 ? "" : turn.T(
            $" {scope.TooRecent} đại biểu nhận giấy mời chưa đủ {hours} giờ nên chưa được nhắc.",
            $" {scope.TooRecent} delegates received the invitation less than {hours} hours ago and are not reminded yet.");
        if (scope.Targets.Count == 0)
        {
            await turn.SendTextAsync(turn.T(
                "Không có ai cần nhắc: mọi đại biểu đã nhận giấy mời đều đã phản hồi (hoặc chưa gửi giấy mời).",
                "Nobody to remind: everyone who received the invitation has replied (or none was sent yet).") + tooRecent).ConfigureAwait(false);
            return;
        }

        var number = await state.NextReminderNumberAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        var added = await invitations.RemindAsync(turn.Conference, InvitationService.ReminderPurpose(turn.Conference.Id, number), turn.CancellationToken).ConfigureAwait(false);
        await turn.SendTextAsync(turn.T(
            $"Đã đưa {added} lời nhắc (đợt {number}) vào hàng gửi cho đại biểu chưa phản hồi.",
            $"Queued {added} reminders (round {number}) to delegates who have not replied.") + tooRecent).ConfigureAwait(false);
    }
}

/// <summary>"gửi lại [tên]": sends the failed invitations again (all, or one delegate's) after their data was fixed.</summary>
internal sealed class RetryInvitationsCommand(InvitationService invitations) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "retry-invitations", ["gửi lại", "gửi lại thư mời", "gửi lại giấy mời"], ["resend", "resend invitations"], CommandScope.Any, OrganizerOnly: true,
        "Gửi lại giấy mời bị lỗi (có thể kèm tên đại biểu); thư đã nhận không gửi lại", "Resend the failed invitations (optionally one delegate's); delivered ones are not resent");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        var result = await invitations.RetryFailedAsync(turn.Conference, argument, turn.CancellationToken).ConfigureAwait(false);
        var who = Teams.Cards.CardText.Plain(argument);
        if (result.Matched == 0)
        {
            await turn.SendTextAsync(string.IsNullOrWhiteSpace(argument)
                ? turn.T("Không có giấy mời nào bị lỗi cần gửi lại.", "No failed invitations to resend.")
                : turn.T($"Không có giấy mời bị lỗi nào của đại biểu «{who}».", $"No failed invitation for “{who}”.")).ConfigureAwait(false);
            return;
        }

        var text = turn.T(
            $"Đã đưa lại {result.Retried} giấy mời bị lỗi vào hàng gửi; những thư đã đến tay đại biểu không gửi lại.",
            $"Queued {result.Retried} failed invitations again; delivered ones are not resent.");
        if (result.WithoutTeams.Count > 0)
        {
            var names = string.Join(", ", result.WithoutTeams.Select(d => Teams.Cards.CardText.Plain(d.Name)));
            text += turn.T($" Chưa gửi được cho {names}: chưa có tài khoản Teams, hãy cập nhật danh sách đại biểu.", $" Still not sent to {names}: no Teams account; update the delegate list.");
        }

        await turn.SendTextAsync(text).ConfigureAwait(false);
    }
}

/// <summary>The confirmation card's buttons. Only organizers may press them: checked here, not trusted from the card.</summary>
internal sealed class InvitationAdminActions(InvitationService invitations) : ICardActionHandler
{
    public string VerbPrefix => "invitation.";

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        if (!turn.IsOrganizer)
        {
            return CardActionResult.Refuse(turn.T("Thao tác này chỉ dành cho Ban Tổ chức hội nghị.", "This is for the conference organizers only."), "organizerOnly", 403);
        }

        if (!turn.IsPersonal)
        {
            return CardActionResult.PersonalChatOnly(turn);
        }

        var groupId = action.GetString("group");
        DelegateGroup? group = null;
        if (!string.IsNullOrEmpty(groupId))
        {
            group = turn.Conference.FindGroup(groupId);
            if (group is null)
            {
                return CardActionResult.Refuse(turn.T("Nhóm đại biểu trên thẻ không còn tồn tại.", "The delegate group on this card no longer exists."));
            }
        }

        switch (action.Verb)
        {
            case OrganizerCards.ConfirmVerb when !turn.Conference.Allows(ConferenceAction.SendInvitations):
                return CardActionResult.Refuse(ConferenceLifecycle.Refusal(turn.Conference.State, ConferenceAction.SendInvitations).Get(turn.Language), "conferenceState", 409);
            case OrganizerCards.ConfirmVerb:
                var result = await invitations.EnqueueInvitationsAsync(turn.Conference, group, turn.CancellationToken).ConfigureAwait(false);
                return CardActionResult.ReplaceCard(OrganizerCards.Sent(result, turn.Language));
            case OrganizerCards.PreviewVerb:
                var plan = await invitations.PlanAsync(turn.Conference, group, turn.CancellationToken).ConfigureAwait(false);
                var first = plan.Selected.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d.AadObjectId)) ?? plan.Selected.FirstOrDefault();
                if (first is null)
                {
                    return CardActionResult.Say(turn.T("Không có đại biểu nào trong phạm vi này.", "There are no delegates in this scope."));
                }

                // Shown in the recipient's own language, exactly as they will see it; the preview's buttons answer nothing
                // for the organizer because they carry the recipient's id and the clicker is checked.
                var language = await invitations.LanguageOfAsync(first, turn.CancellationToken).ConfigureAwait(false);
                var card = await invitations.CardForAsync(turn.Conference, first, language, changing: false, turn.CancellationToken, preview: true).ConfigureAwait(false);
                await turn.SendTextAsync(turn.T($"Xem trước: giấy mời như **{Teams.Cards.CardText.Plain(first.Name)}** sẽ nhận.", $"Preview: the invitation as **{Teams.Cards.CardText.Plain(first.Name)}** will see it.")).ConfigureAwait(false);
                await turn.SendCardAsync(card).ConfigureAwait(false);
                return CardActionResult.Say(turn.T("Đã gửi bản xem trước.", "Preview sent."));
            default:
                return CardActionResult.Refuse(turn.T("Thao tác không hợp lệ.", "That action is not valid."));
        }
    }
}
