using System.Globalization;
using System.Text;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using static KhConferenceBot.Features.Guests.GuestHtml;

namespace KhConferenceBot.Features.Guests;

/// <summary>Everything the answer page shows: the invitation, the answer given, the form (or why it is closed), a message.</summary>
public sealed record AnswerPageView(
    Conference Conference,
    ConferenceDelegate Delegate,
    Language Language,
    RsvpRecord? Rsvp,
    IReadOnlyList<ConferenceDelegate> Leaders,
    bool Open,
    string FormAction,
    string AntiforgeryField,
    string AntiforgeryToken,
    string? Saved = null,
    string? Error = null,
    IReadOnlyDictionary<string, string>? Entered = null);

/// <summary>
/// The answer page as plain HTML: phone-first (one column, large targets), no script, a form that posts and redirects,
/// Vietnamese first with a link to the English page. Labels, legends, headings and live regions for screen readers.
/// </summary>
internal static class AnswerPageHtml
{
    private const string Style = """
        *{box-sizing:border-box}body{margin:0;background:#eef1f4;color:#111;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
        main{max-width:680px;margin:0 auto;background:#fff;padding:16px}a{color:#0b4f8a}
        .lang{text-align:right;margin:0 0 8px}.issuer{text-align:center;font-weight:700;font-size:14px;margin:0}
        h1{text-align:center;font-size:24px;margin:8px 0 0}.title{text-align:center;font-weight:700;margin:4px 0 16px}
        h2{font-size:19px;margin:24px 0 8px;border-bottom:1px solid #ccd;padding-bottom:4px}
        dl{margin:0}dt{font-weight:700}dd{margin:0 0 8px}table{border-collapse:collapse;width:100%}
        th,td{text-align:left;vertical-align:top;padding:6px 8px 6px 0;border-bottom:1px solid #e3e6ea}th{white-space:nowrap}
        .status{background:#e6f4ea;border-left:4px solid #1e7e34;padding:10px 12px;margin:16px 0}
        .error{background:#fdecea;border-left:4px solid #b3261e;padding:10px 12px;margin:16px 0}
        .answer{background:#f3f6fb;border-left:4px solid #0b4f8a;padding:10px 12px}
        fieldset{border:1px solid #ccd;border-radius:6px;margin:12px 0;padding:8px 12px}legend{font-weight:700;padding:0 4px}
        .choice{display:flex;align-items:center;gap:10px;min-height:44px}.choice input{width:22px;height:22px;margin:0}
        label{display:block;font-weight:600;margin:10px 0 4px}.choice label{margin:0;font-weight:400}
        input[type=text],input[type=email],textarea{width:100%;font:inherit;padding:10px;border:1px solid #767676;border-radius:4px}
        textarea{min-height:88px}.hint{font-size:15px;color:#444;margin:2px 0 0}
        button{display:block;width:100%;min-height:48px;margin:16px 0 8px;font:inherit;font-weight:700;color:#fff;background:#0b4f8a;border:0;border-radius:6px}
        button:focus,input:focus,textarea:focus,a:focus{outline:3px solid #f0a800;outline-offset:2px}
        footer{font-size:15px;color:#444;margin-top:24px;border-top:1px solid #ccd;padding-top:8px}
        """;

    public static string Render(AnswerPageView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var (conference, person, l) = (view.Conference, view.Delegate, view.Language);
        var contact = DistrictRegistration.IsContact(conference, person);
        var other = l == Language.Vi ? Language.En : Language.Vi;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{l.Code()}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex"><title>{E(Paper(person, l))} - {E(conference.ShortName.Get(l))}</title><style>{Style}</style></head>
            <body><main>
            <p class="lang"><a href="{E(view.FormAction)}?lang={other.Code()}" lang="{other.Code()}" hreflang="{other.Code()}">{(other == Language.En ? "English" : "Tiếng Việt")}</a></p>
            <p class="issuer">{E(Issuer(conference, l))}</p>
            <h1>{E(Paper(person, l))}</h1>
            <p class="title">{E(conference.Title.Get(l))}</p>
            <p>{E(Salutation(person, l))} <strong>{E(NameLine(person))}</strong></p>
            """);
        if (view.Saved is { } saved)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"status\" role=\"status\">{E(saved)}</div>");
        }

        if (view.Error is { } error)
        {
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"error\" role=\"alert\" id=\"error\">{E(error)}</div>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(l.Pick("Thông tin hội nghị", "The conference"))}</h2><dl>");
        foreach (var (label, value) in Facts(conference, l))
        {
            html.Append(CultureInfo.InvariantCulture, $"<dt>{E(label)}</dt><dd>{E(value)}</dd>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<dt>{E(l.Pick("Hạn phản hồi", "Reply by"))}</dt><dd>{E(RsvpRules.FormatDeadline(conference, l))}</dd></dl>");
        html.Append(CultureInfo.InvariantCulture, $"<h2>{E(l.Pick("Chương trình", "Agenda"))}</h2><table><thead><tr><th scope=\"col\">{E(l.Pick("Thời gian", "Time"))}</th><th scope=\"col\">{E(l.Pick("Nội dung", "Item"))}</th></tr></thead><tbody>");
        foreach (var item in GuestHtml.Agenda(conference))
        {
            var presenter = item.Presenter is { } p ? $"<br><span>{E(p.Get(l))}</span>" : "";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(item.TimeRange)}</td><td>{E(item.Content.Get(l))}{presenter}</td></tr>");
        }

        html.Append("</tbody></table>");
        if (contact)
        {
            Registration(html, view);
        }
        else
        {
            Answer(html, view);
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            <footer><p>{E(l.Pick(
                "Đường liên kết này là riêng của Quý đại biểu; xin không chuyển cho người khác. Mọi thắc mắc xin liên hệ Ban Tổ chức.",
                "This link is yours alone; please do not pass it on. For any question please contact the organizers."))}</p></footer>
            </main></body></html>
            """);
        return html.ToString();
    }

    private static void Answer(StringBuilder html, AnswerPageView view)
    {
        var (conference, person, l) = (view.Conference, view.Delegate, view.Language);
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"answer-heading\">{E(l.Pick("Câu trả lời của Quý đại biểu", "Your reply"))}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"answer\">{(view.Rsvp is { } rsvp
            ? $"{E(l.Pick("Đã trả lời", "You replied"))}: <strong>{E(AnswerText(rsvp, l))}</strong> ({E(conference.FormatInstant(rsvp.AnsweredAt, l))})"
            : E(l.Pick("Chưa trả lời.", "No reply yet.")))}</p>");
        if (!view.Open)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(InvitationService.ClosedMessage(conference).Get(l))}</p>");
            return;
        }

        var chosen = Value(view, "answer") ?? (view.Rsvp?.Answer.ToString().ToLowerInvariant());
        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(view.FormAction)}\" aria-labelledby=\"answer-heading\">");
        Hidden(html, view);
        html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{E(view.Rsvp is null ? l.Pick("Quý đại biểu sẽ", "You will") : l.Pick("Đổi câu trả lời (được đổi đến hạn phản hồi)", "Change your reply (until the deadline)"))}</legend>");
        Choice(html, "attend", InvitationCards.AnswerLabel(RsvpAnswer.Attend, l), chosen);
        Choice(html, "decline", InvitationCards.AnswerLabel(RsvpAnswer.Decline, l), chosen);
        Choice(html, "substitute", InvitationCards.AnswerLabel(RsvpAnswer.Substitute, l), chosen);
        html.Append("</fieldset>");
        var reasonHint = person.Category == DelegateCategory.Summoned
            ? l.Pick("Bắt buộc khi không tham dự (đại biểu được triệu tập).", "Required when you decline (summoned delegates).")
            : l.Pick("Không bắt buộc.", "Optional.");
        html.Append(CultureInfo.InvariantCulture, $"<label for=\"reason\">{E(l.Pick("Lý do không tham dự", "Reason for declining"))}</label><p class=\"hint\" id=\"reason-hint\">{E(reasonHint)}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<textarea id=\"reason\" name=\"reason\" maxlength=\"{RsvpRules.MaxReasonLength}\" aria-describedby=\"reason-hint\">{E(Value(view, "reason") ?? view.Rsvp?.Reason)}</textarea>");
        html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{E(l.Pick("Người dự thay (khi cử người dự thay)", "Substitute (when sending one)"))}</legend>");
        Field(html, "substituteName", l.Pick("Họ và tên", "Full name"), "text", RsvpRules.MaxNameLength, Value(view, "substituteName") ?? view.Rsvp?.SubstituteName, "name");
        Field(html, "substitutePosition", l.Pick("Chức vụ", "Position"), "text", RsvpRules.MaxPositionLength, Value(view, "substitutePosition") ?? view.Rsvp?.SubstitutePosition, "organization-title");
        Field(html, "substituteEmail", l.Pick("Email (để gửi giấy mời cho người dự thay)", "E-mail (to send them the invitation)"), "email", RsvpRules.MaxEmailLength, Value(view, "substituteEmail") ?? view.Rsvp?.SubstituteEmail, "email");
        html.Append("</fieldset>");
        html.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{E(l.Pick("Gửi câu trả lời", "Send my reply"))}</button></form>");
    }

    private static void Registration(StringBuilder html, AnswerPageView view)
    {
        var (conference, person, l) = (view.Conference, view.Delegate, view.Language);
        var quota = DistrictRegistration.Quota(conference, person);
        html.Append(CultureInfo.InvariantCulture, $"<h2 id=\"register-heading\">{E(l.Pick("Đăng ký lãnh đạo dự họp", "Register leaders"))}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"answer\">{E(l.Pick($"Đã đăng ký {view.Leaders.Count}/{quota} lãnh đạo.", $"{view.Leaders.Count} of {quota} leaders registered."))}</p>");
        if (view.Leaders.Count > 0)
        {
            html.Append("<ul>");
            foreach (var leader in view.Leaders)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(leader.Name)} - {E(leader.Position)}</li>");
            }

            html.Append("</ul>");
        }

        if (!view.Open)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(InvitationService.ClosedMessage(conference).Get(l))}</p>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{E(view.FormAction)}\" aria-labelledby=\"register-heading\">");
        Hidden(html, view);
        html.Append("<input type=\"hidden\" name=\"form\" value=\"register\">");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"hint\">{E(l.Pick($"Tối đa {quota:00} lãnh đạo. Xóa trống một dòng để bỏ người đó khỏi danh sách.", $"At most {quota} leaders. Empty a row to take that person off the list."))}</p>");
        for (var slot = 1; slot <= quota; slot++)
        {
            var leader = slot <= view.Leaders.Count ? view.Leaders[slot - 1] : null;
            html.Append(CultureInfo.InvariantCulture, $"<fieldset><legend>{E(l.Pick($"Lãnh đạo {slot}", $"Leader {slot}"))}</legend>");
            if (leader is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{DistrictRegistration.CurrentIdField(slot)}\" value=\"{E(leader.Id)}\">");
            }

            Field(html, $"leader{slot}Name", l.Pick("Họ và tên", "Full name"), "text", RsvpRules.MaxNameLength, Value(view, $"leader{slot}Name") ?? leader?.Name, "off");
            Field(html, $"leader{slot}Position", l.Pick("Chức vụ", "Position"), "text", RsvpRules.MaxPositionLength, Value(view, $"leader{slot}Position") ?? leader?.Position, "off");
            Field(html, $"leader{slot}Email", l.Pick("Email (không bắt buộc)", "E-mail (optional)"), "email", RsvpRules.MaxEmailLength, Value(view, $"leader{slot}Email") ?? leader?.Email, "off");
            html.Append("</fieldset>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<button type=\"submit\">{E(l.Pick("Gửi đăng ký", "Send the registration"))}</button></form>");
    }

    private static void Hidden(StringBuilder html, AnswerPageView view)
    {
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"{E(view.AntiforgeryField)}\" value=\"{E(view.AntiforgeryToken)}\">");
        html.Append(CultureInfo.InvariantCulture, $"<input type=\"hidden\" name=\"lang\" value=\"{view.Language.Code()}\">");
    }

    private static void Choice(StringBuilder html, string value, string label, string? chosen) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"choice\"><input type=\"radio\" id=\"answer-{value}\" name=\"answer\" value=\"{value}\"{(chosen == value ? " checked" : "")} required><label for=\"answer-{value}\">{E(label)}</label></div>");

    private static void Field(StringBuilder html, string name, string label, string type, int max, string? value, string autocomplete) =>
        html.Append(CultureInfo.InvariantCulture, $"<label for=\"{name}\">{E(label)}</label><input type=\"{type}\" id=\"{name}\" name=\"{name}\" maxlength=\"{max}\" autocomplete=\"{autocomplete}\" value=\"{E(value)}\">");

    private static string? Value(AnswerPageView view, string name) => view.Entered is { } entered && entered.TryGetValue(name, out var v) ? v : null;

    /// <summary>A page that is only a message: a refused, expired or unknown link.</summary>
    public static string Message(string titleVi, string textVi, string titleEn, string textEn) => $"""
        <!DOCTYPE html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
        <title>{E(titleVi)}</title><style>{Style}</style></head>
        <body><main><h1>{E(titleVi)}</h1><p>{E(textVi)}</p>
        <div lang="en"><h2>{E(titleEn)}</h2><p>{E(textEn)}</p></div></main></body></html>
        """;
}
