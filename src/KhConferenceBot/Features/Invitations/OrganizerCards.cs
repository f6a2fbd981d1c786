using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Features.Invitations;

/// <summary>The organizers' cards: confirm before sending, the sending result, and the RSVP status.</summary>
public static class OrganizerCards
{
    public const string ConfirmVerb = "invitation.send.confirm";
    public const string PreviewVerb = "invitation.preview";
    public const int NamesShown = 30;

    public static object Data(DelegateGroup? group) => new { group = group?.Id ?? "" };

    public static JsonElement Confirmation(Conference conference, SendPlan plan, Language language)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(plan);
        string T(string vi, string en) => language.Pick(vi, en);
        var scope = plan.Group is null ? T("tất cả các nhóm", "all groups") : plan.Group.Name.Get(language);
        var reachable = plan.Selected.Count - plan.WithoutTeams.Count;
        var byTeams = reachable - plan.Emailed.Count;
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("Gửi giấy mời", "Send invitations")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(T($"Phạm vi: {scope}", $"Scope: {scope}")) { IsSubtle = true, Spacing = Spacing.None },
                new TextBlock(T(
                    $"Bot sẽ gửi tới **{reachable}** đại biểu ({byTeams} qua Teams, {plan.Emailed.Count} qua email); {plan.WithoutTeams.Count} đại biểu chưa có tài khoản Teams hay email sẽ không nhận được qua bot.",
                    $"The bot will reach **{reachable}** delegates ({byTeams} in Teams, {plan.Emailed.Count} by e-mail); {plan.WithoutTeams.Count} with neither a Teams account nor an e-mail will not receive it through the bot."))
                { Spacing = Spacing.Small },
                new FactSet
                {
                    Facts =
                    {
                        new Fact(T("Nhận qua Teams", "Receive it in Teams"), byTeams.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Nhận qua email", "Receive it by e-mail"), plan.Emailed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Đại biểu trong phạm vi", "Delegates in scope"), plan.Selected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Kính mời", "Invited"), plan.Selected.Count(d => d.Category == DelegateCategory.Invited).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Triệu tập", "Summoned"), plan.Selected.Count(d => d.Category == DelegateCategory.Summoned).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Đã gửi trước đó", "Already sent"), plan.AlreadySent.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Đang chờ gửi", "Queued"), plan.AlreadyQueued.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Chưa có tài khoản Teams hay email", "Neither Teams nor e-mail"), plan.WithoutTeams.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    },
                },
                new TextBlock(T("Theo nhóm", "By group")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium },
                new FactSet
                {
                    Facts = plan.Selected.GroupBy(d => d.GroupId, StringComparer.OrdinalIgnoreCase)
                        .Select(g => new Fact(conference.FindGroup(g.Key)?.Name.Get(language) is { } name ? Short(name) : CardText.Plain(g.Key), g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture)))
                        .ToList(),
                },
            },
        };
        if (plan.WithoutTeams.Count > 0)
        {
            card.Body.Add(new TextBlock(T(
                $"Chưa có tài khoản Teams hay email (sẽ không nhận được qua bot): {Names(plan.WithoutTeams, language)}",
                $"Neither a Teams account nor an e-mail (the bot cannot reach them): {Names(plan.WithoutTeams, language)}"))
            { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Medium });
        }

        card.Body.Add(new TextBlock(T(
            $"Lời nhắc (lệnh **nhắc** hoặc tự động trước hạn phản hồi) chỉ gửi cho đại biểu chưa phản hồi đã nhận giấy mời ít nhất {Hours(plan.RemindAfterDelivery)} giờ; lời nhắc dẫn về giấy mời, không gửi lại giấy mời.",
            $"Reminders (the **remind** command, or automatically before the reply deadline) go only to delegates who have not replied and received the invitation at least {Hours(plan.RemindAfterDelivery)} hours earlier; a reminder points to the invitation rather than repeating it."))
        { IsSubtle = true, Size = TextSize.Small, Spacing = Spacing.Medium });

        if (reachable > 0)
        {
            card.Actions.Add(new ExecuteAction(T("Xác nhận gửi", "Confirm and send"), ConfirmVerb, Data(plan.Group)) { Style = ActionStyle.Positive });
            card.Actions.Add(new ExecuteAction(T("Xem trước", "Preview"), PreviewVerb, Data(plan.Group)));
        }
        else
        {
            card.Body.Add(new TextBlock(T("Không có ai để gửi.", "There is nobody to send to.")) { Color = TextColor.Warning });
        }

        return card.ToJsonElement();
    }

    public static JsonElement Sent(SendResult result, Language language)
    {
        ArgumentNullException.ThrowIfNull(result);
        string T(string vi, string en) => language.Pick(vi, en);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("Đã đưa giấy mời vào hàng gửi", "Invitations queued")) { Size = TextSize.Medium, Weight = TextWeight.Bolder, Color = TextColor.Good },
                new FactSet
                {
                    Facts =
                    {
                        new Fact(T("Mới đưa vào hàng gửi", "Newly queued"), result.Enqueued.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Đã có từ trước (không gửi trùng; thư lỗi: gõ «gửi lại»)", "Already there (not duplicated; failed ones: type “resend”)"), result.AlreadyThere.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Qua email", "By e-mail"), result.ByEmail.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Fact(T("Chưa có tài khoản Teams hay email", "Neither Teams nor e-mail"), result.WithoutTeams.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    },
                },
                new TextBlock(T("Gõ **tình hình** để theo dõi việc gửi và phản hồi.", "Type **status** to follow delivery and replies.")) { IsSubtle = true },
            },
        };
        if (result.WithoutTeams.Count > 0)
        {
            card.Body.Add(new TextBlock(T($"Chưa có tài khoản Teams hay email: {Names(result.WithoutTeams, language)}", $"Neither Teams nor e-mail: {Names(result.WithoutTeams, language)}")) { IsSubtle = true, Size = TextSize.Small });
        }

        return card.ToJsonElement();
    }

    /// <param name="workspace">The workspace on this conference (the tab's deep link): the card stays short and the long lists live there.</param>
    public static JsonElement Status(Conference conference, StatusReport report, Language language, Uri workspace)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(workspace);
        string T(string vi, string en) => language.Pick(vi, en);
        static string N(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var card = new AdaptiveCard
        {
            Lang = language.Code(),
            Body =
            {
                new TextBlock(T("Tình hình phản hồi giấy mời", "Invitation replies")) { Size = TextSize.Medium, Weight = TextWeight.Bolder },
                new TextBlock(T($"Hạn phản hồi: {RsvpRules.FormatDeadline(conference, language)}", $"Replies close: {RsvpRules.FormatDeadline(conference, language)}")) { IsSubtle = true, Spacing = Spacing.None },
                new FactSet
                {
                    Facts =
                    {
                        new Fact(T("Đại biểu trong danh sách", "Delegates on the list"), N(report.Total)),
                        new Fact(T("Kính mời / Triệu tập", "Invited / Summoned"), $"{N(report.Invited)} / {N(report.Summoned)}"),
                        new Fact(T("Tham dự", "Attending"), N(report.Attending)),
                        new Fact(T("Cử người dự thay", "Substitutes"), N(report.Substitutes)),
                        new Fact(T("Không tham dự", "Not attending"), N(report.Declined)),
                        new Fact(T("Lãnh đạo địa phương đăng ký", "Leaders registered by localities"), N(report.RegisteredLeaders)),
                        new Fact(T("Chưa phản hồi", "No reply yet"), N(report.NoAnswer)),
                        new Fact(T("Địa phương đã đăng ký lãnh đạo", "Localities that registered leaders"), $"{N(report.Localities.Count(l => l.Registered > 0))} / {N(report.Localities.Count)}"),
                        new Fact(T("Dự kiến có mặt / sức chứa", "Expected / capacity"), $"{N(report.ExpectedHeadcount)} / {N(report.Capacity)}"),
                        new Fact(T("Giấy mời đã gửi / đang chờ / lỗi", "Invitations sent / queued / failed"), $"{N(report.Sent)} / {N(report.Waiting)} / {N(report.Failures.Count)}"),
                        new Fact(T("trong đó qua Teams", "of which in Teams"), $"{N(report.Sent - report.Email.Sent)} / {N(report.Waiting - report.Email.Pending - report.Email.Sending)} / {N(report.Failures.Count - report.Email.Failed)}"),
                        new Fact(T("trong đó qua email", "of which by e-mail"), $"{N(report.Email.Sent)} / {N(report.Email.Pending + report.Email.Sending)} / {N(report.Email.Failed)}"),
                    },
                },
            },
        };
        if (report.OverCapacity)
        {
            card.Body.Add(new TextBlock(T(
                $"⚠ Số người dự kiến ({N(report.ExpectedHeadcount)}) vượt sức chứa hội trường ({N(report.Capacity)}).",
                $"⚠ Expected attendance ({N(report.ExpectedHeadcount)}) exceeds the hall's capacity ({N(report.Capacity)})."))
            { Color = TextColor.Attention, Weight = TextWeight.Bolder });
        }

        card.Body.Add(new TextBlock(T("Theo nhóm (tham dự · dự thay · vắng · lãnh đạo địa phương đăng ký · chưa trả lời / tổng)", "By group (attending · substitute · declined · registered by locality · no reply / total)")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
        card.Body.Add(new FactSet
        {
            Facts = report.ByGroup.Select(g => new Fact(Short(g.Group.Name.Get(language)), $"{N(g.Attending)} · {N(g.Substitutes)} · {N(g.Declined)} · {N(g.Leaders)} · {N(g.NoAnswer)} / {N(g.Total)}")).ToList(),
        });

        if (report.Localities.Count > 0)
        {
            card.Body.Add(new TextBlock(T("Đăng ký của địa phương (lãnh đạo đã đăng ký / tối đa)", "Localities (leaders registered / allowed)")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            card.Body.Add(new FactSet
            {
                Facts = report.Localities.Select(l => new Fact(Short(l.Contact.District ?? l.Contact.Name), $"{N(l.Registered)} / {N(l.Quota)}")).ToList(),
            });
        }

        if (report.Failures.Count > 0)
        {
            card.Body.Add(new TextBlock(T("Gửi không thành công", "Delivery failures")) { Weight = TextWeight.Bolder, Color = TextColor.Attention, Spacing = Spacing.Medium });
            card.Body.Add(new FactSet
            {
                Facts = report.Failures.Take(NamesShown).Select(f => new Fact(CardText.Plain(f.Unit is { Length: > 0 } unit ? $"{f.Name} ({unit})" : f.Name), CardText.Plain(f.Channel == OutboxChannel.Email ? T("Email: ", "E-mail: ") + f.Reason : f.Reason))).ToList(),
            });
        }

        // The contacts who registered nobody are in the localities' list above, not among the delegates who owe an answer.
        var silent = report.NonResponders.Where(d => !report.Localities.Any(l => l.Contact.Id == d.Id)).ToList();
        if (silent.Count > 0)
        {
            card.Body.Add(new TextBlock(T("Chưa phản hồi", "Not yet replied")) { Weight = TextWeight.Bolder, Spacing = Spacing.Medium });
            card.Body.Add(new TextBlock(Names(silent, language)) { Size = TextSize.Small });
        }

        card.Actions.Add(new OpenUrlAction(T("Mở trang tổ chức", "Open the workspace"), workspace));
        return card.ToJsonElement();
    }

    /// <summary>"A, B, C và 12 người khác" — the first thirty names, then a count.</summary>
    public static string Names(IReadOnlyList<ConferenceDelegate> people, Language language)
    {
        ArgumentNullException.ThrowIfNull(people);
        var shown = string.Join(", ", people.Take(NamesShown).Select(p => CardText.Plain(p.Name)));
        var rest = people.Count - NamesShown;
        return rest > 0 ? language.Pick($"{shown} và {rest} người khác", $"{shown} and {rest} others") : shown;
    }

    /// <summary>"12", or "1,5" for a fraction of an hour.</summary>
    public static string Hours(TimeSpan span) => span.TotalHours.ToString("0.#", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));

    private static string Short(string text) => CardText.Plain(TextCut.Shorten(text, 60));
}
