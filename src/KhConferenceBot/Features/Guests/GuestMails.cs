using System.Globalization;
using System.Text;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using static KhConferenceBot.Features.Guests.GuestHtml;

namespace KhConferenceBot.Features.Guests;

/// <summary>
/// The e-mails of delegates outside Teams, in the official form: the invitation or summons (Kính mời / Giấy triệu tập:
/// time, venue, chair, agenda, deadline) with the .ics and the personal answer link, reminders, schedule-change notices
/// and the confirmation of an answer. Vietnamese first, an English summary after. A reply to the mail is not read by the
/// bot, so every mail says to answer with the link.
/// </summary>
public sealed class GuestMails(AnswerLinks links, IMailSender sender, TimeProvider time) : IEmailInvitations
{
    public const string CalendarFileName = "hoi-nghi.ics";

    /// <summary>The content id of the pass's QR image, which the mail's HTML shows as <c>cid:the-du-hoi-nghi</c>.</summary>
    public const string PassContentId = "the-du-hoi-nghi";

    public bool IsAvailable => sender.IsConfigured;

    public OutboxMessage Invitation(Conference conference, ConferenceDelegate person, IReadOnlyList<ConferenceDelegate> leaders, string purpose)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        var link = links.For(conference, person);
        var contact = DistrictRegistration.IsContact(conference, person);
        string Body(Language l)
        {
            var html = new StringBuilder();
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:16px 0 4px\">{E(Salutation(person, l))} <strong>{E(NameLine(person))}</strong></p>");
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:0 0 12px\">{E(l.Pick($"tham dự {conference.Title.Get(l)}.", $"to attend the {conference.Title.Get(l)}."))}</p>");
            Facts(html, conference, l);
            AgendaTable(html, conference, l);
            if (contact)
            {
                var quota = DistrictRegistration.Quota(conference, person);
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(l.Pick(
                    $"Đề nghị Quý cơ quan đăng ký tối đa {quota:00} lãnh đạo dự họp trước {RsvpRules.FormatDeadline(conference, l)}.",
                    $"Please register up to {quota} leaders by {RsvpRules.FormatDeadline(conference, l)}."))}</p>");
            }
            else
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(l.Pick(
                    $"Đề nghị Quý đại biểu phản hồi (tham dự, không tham dự hoặc cử người dự thay) trước {RsvpRules.FormatDeadline(conference, l)}.",
                    $"Please reply (attend, decline or send a substitute) by {RsvpRules.FormatDeadline(conference, l)}."))}</p>");
            }

            Button(html, link, contact ? l.Pick("Đăng ký lãnh đạo dự họp", "Register leaders") : l.Pick("Trả lời giấy mời", "Reply to the invitation"), l);
            return html.ToString();
        }

        var subject = $"{Title(Paper(person, Language.Vi))}: {conference.ShortName.Vi}";
        return Message(purpose, person, subject, Document(conference, Paper(person, Language.Vi), Body(Language.Vi), Paper(person, Language.En), Body(Language.En), conference.Title), Calendar(conference));
    }

    public OutboxMessage Reminder(Conference conference, ConferenceDelegate person, DateTimeOffset invitationSentAt, string purpose)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        var link = links.For(conference, person);
        string Body(Language l)
        {
            var paper = PaperLower(person, l);
            var html = new StringBuilder();
            Greeting(html, person, l);
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(l.Pick(
                $"Ban Tổ chức chưa nhận được phản hồi của Quý đại biểu về {paper} {conference.Title.Vi}, gửi lúc {conference.FormatInstant(invitationSentAt, l)}. Đề nghị Quý đại biểu phản hồi trước {RsvpRules.FormatDeadline(conference, l)}.",
                $"The organizers have not had your reply to the {paper} to the {conference.Title.Get(l)}, sent {conference.FormatInstant(invitationSentAt, l)}. Please reply by {RsvpRules.FormatDeadline(conference, l)}."))}</p>");
            Facts(html, conference, l);
            Button(html, link, l.Pick("Trả lời giấy mời", "Reply to the invitation"), l);
            return html.ToString();
        }

        var subject = $"Nhắc phản hồi {PaperLower(person, Language.Vi)}: {conference.ShortName.Vi}";
        return Message(purpose, person, subject, Document(conference, "NHẮC PHẢN HỒI", Body(Language.Vi), "REMINDER", Body(Language.En), conference.Title), []);
    }

    public OutboxMessage ScheduleChange(Conference conference, ConferenceDelegate person, RsvpRecord? rsvp, string purpose)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        var link = links.For(conference, person);
        string Body(Language l)
        {
            var html = new StringBuilder();
            Greeting(html, person, l);
            html.Append(CultureInfo.InvariantCulture, $"<p>{E(l.Pick(
                $"Chương trình {conference.Title.Vi} đã được điều chỉnh. Thời gian và chương trình mới như sau; tệp lịch đính kèm đã được cập nhật.",
                $"The programme of the {conference.Title.Get(l)} has changed. The new times and agenda follow; the attached calendar file is updated."))}</p>");
            Facts(html, conference, l);
            AgendaTable(html, conference, l);
            if (rsvp is not null)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>{E(l.Pick($"Phản hồi của Quý đại biểu: {AnswerText(rsvp, l)}.", $"Your reply: {AnswerText(rsvp, l)}."))}</p>");
            }

            Button(html, link, SeeOrChangeReply(l), l);
            return html.ToString();
        }

        var subject = $"Thay đổi chương trình: {conference.ShortName.Vi}";
        return Message(purpose, person, subject, Document(conference, "THÔNG BÁO THAY ĐỔI CHƯƠNG TRÌNH", Body(Language.Vi), "CHANGE OF PROGRAMME", Body(Language.En), conference.Title), Calendar(conference));
    }

    /// <summary>The day before: when and where, and the pass to show at the desk.</summary>
    public OutboxMessage DayBefore(Conference conference, ConferenceDelegate person, CheckInPass pass, string purpose)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(pass);
        var start = AgendaTime.Format(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(conference.StartsAt, conference.Zone).DateTime));
        string Lead(Language l) => $"<p>{E(l.Pick(
            $"{conference.Title.Vi} diễn ra vào ngày mai, {conference.FormatDayOfWeekDate(l)}, bắt đầu lúc {start} tại {conference.Venue.Vi}. Xin Quý đại biểu xuất trình thẻ dự hội nghị dưới đây tại bàn đón tiếp.",
            $"The {conference.Title.Get(l)} is tomorrow, {conference.FormatDayOfWeekDate(l)}, starting at {start} at {conference.Venue.Get(l)}. Please show the pass below at the reception desk."))}</p>";

        return PassMail(conference, person, $"Nhắc lịch ngày mai: {conference.ShortName.Vi}", ("NHẮC LỊCH HỘI NGHỊ", "REMINDER: TOMORROW"), Lead, pass, purpose);
    }

    /// <summary>The answer as recorded, with the check-in pass (its QR inline) when the answer gives the delegate one.</summary>
    public OutboxMessage Confirmation(Conference conference, ConferenceDelegate person, RsvpRecord rsvp, CheckInPass? pass, string purpose)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(person);
        ArgumentNullException.ThrowIfNull(rsvp);
        string Lead(Language l) => $"<p>{E(l.Pick(
            $"Ban Tổ chức đã nhận phản hồi của Quý đại biểu lúc {conference.FormatInstant(rsvp.AnsweredAt, l)}: ",
            $"The organizers received your reply at {conference.FormatInstant(rsvp.AnsweredAt, l)}: "))}<strong>{E(AnswerText(rsvp, l))}</strong>. {E(l.Pick("Trân trọng cảm ơn.", "Thank you."))}</p>";

        return PassMail(conference, person, $"Xác nhận phản hồi: {conference.ShortName.Vi}", ("XÁC NHẬN PHẢN HỒI", "REPLY RECEIVED"), Lead, pass, purpose);
    }

    /// <summary>
    /// A mail that may carry the pass (the confirmation, the day before): the greeting, <paramref name="lead"/> (HTML),
    /// the pass with its QR inline when there is one, the conference's facts and the link to see or change the answer.
    /// </summary>
    private OutboxMessage PassMail(Conference conference, ConferenceDelegate person, string subject, (string Vi, string En) heading, Func<Language, string> lead, CheckInPass? pass, string purpose)
    {
        var link = links.For(conference, person);
        string Body(Language l)
        {
            var html = new StringBuilder();
            Greeting(html, person, l);
            html.Append(lead(l));
            if (pass is not null)
            {
                PassBlock(html, conference, pass, l);
            }

            Facts(html, conference, l);
            Button(html, link, SeeOrChangeReply(l), l);
            return html.ToString();
        }

        return Message(purpose, person, subject, Document(conference, heading.Vi, Body(Language.Vi), heading.En, Body(Language.En), conference.Title), PassImage(pass));
    }

    /// <summary>The pass's QR as an inline image (Graph's fileAttachment with isInline and a contentId), none without a pass.</summary>
    private static IReadOnlyList<MailAttachment> PassImage(CheckInPass? pass) =>
        pass is null ? [] : [new MailAttachment("the-du-hoi-nghi.png", "image/png", PassCard.QrPng(pass.Token), PassContentId)];

    /// <summary>
    /// The pass in the mail: the QR (shown from the inline attachment; the Vietnamese half carries it, the English half
    /// refers to it), the code to read out, name, unit and seat group, as the Teams pass card shows them.
    /// </summary>
    private static void PassBlock(StringBuilder html, Conference conference, CheckInPass pass, Language language)
    {
        var person = pass.Holder.Person;
        var level = language == Language.Vi ? "h2" : "h3";
        html.Append(CultureInfo.InvariantCulture, $"<{level} style=\"font-size:17px;margin:16px 0 4px\">{E(language.Pick("Thẻ dự hội nghị", "Conference pass"))}</{level}>");
        if (language == Language.Vi)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"text-align:center;margin:8px 0\"><img src=\"cid:{PassContentId}\" width=\"220\" height=\"220\" alt=\"Mã QR của thẻ dự hội nghị, mã thẻ {E(pass.Code)}\" style=\"display:inline-block;width:220px;height:220px\"></p>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<p style=\"text-align:center;font-size:22px;margin:4px 0 8px\">{E(language.Pick("Mã thẻ", "Pass code"))}: <strong style=\"font-family:'Courier New',monospace;letter-spacing:2px\">{E(PassCard.Spaced(pass.Code))}</strong></p>");
        html.Append("<table role=\"presentation\" style=\"border-collapse:collapse;margin:8px 0\">");
        void Row(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                FactRow(html, label, value);
            }
        }

        Row(language.Pick("Họ và tên", "Name"), person.Name);
        Row(language.Pick("Đơn vị", "Unit"), person.Organisation);
        Row(language.Pick("Nhóm chỗ ngồi", "Seat group"), conference.FindGroup(person.GroupId)?.Name.Get(language) ?? person.GroupId);
        Row(language.Pick("Dự thay", "Substitute for"), pass.Holder.SubstituteForName);
        html.Append("</table>");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:14px\">{E(language.Pick(
            "Xin xuất trình mã QR (hoặc đọc mã thẻ) tại bàn đón tiếp. Thẻ chỉ dành cho Quý đại biểu; khi câu trả lời thay đổi, thẻ mới được gửi và thẻ này hết hiệu lực.",
            "Show the QR code above (or read out the pass code) at the reception desk. The pass is yours alone; if your answer changes, a new pass is sent and this one stops working."))}</p>");
    }

    private IReadOnlyList<MailAttachment> Calendar(Conference conference) =>
        [new MailAttachment(CalendarFileName, "text/calendar", Encoding.UTF8.GetBytes(ConferenceCalendar.Build(conference, time.GetUtcNow())))];

    private static OutboxMessage Message(string purpose, ConferenceDelegate person, string subject, string html, IReadOnlyList<MailAttachment> files) =>
        OutboxMessage.Email(purpose, person.Id, new OutboxMail(person.Email ?? "", person.Name, subject, html, files)) with { DelegateId = person.Id };

    private static string Title(string paper) => CultureInfo.GetCultureInfo("vi-VN").TextInfo.ToTitleCase(paper.ToLower(CultureInfo.GetCultureInfo("vi-VN")));

    /// <summary>
    /// One page, 640 px at most and fluid below (phones), inline styles only, tables for layout (Outlook's engine):
    /// the heading of an official paper (issuer and number left, the national motto right), then Vietnamese, then English.
    /// </summary>
    private string Document(Conference conference, string headingVi, string bodyVi, string headingEn, string bodyEn, BilingualText title)
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), conference.Zone);
        var number = string.IsNullOrWhiteSpace(conference.PlanNumber) ? "" : $"<br><span style=\"font-weight:normal\">{E($"Số: {conference.PlanNumber}")}</span>";
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(headingVi)}: {E(title.Vi)}</title></head>
            <body style="margin:0;padding:0;background:#eef1f4">
            <div role="main" aria-label="{E(headingVi)}" lang="vi" style="max-width:640px;margin:0 auto;background:#ffffff;padding:20px 16px;font-family:'Times New Roman',Times,serif;font-size:17px;line-height:1.5;color:#111111">
            <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;font-size:14px"><tr>
            <td style="width:45%;text-align:center;vertical-align:top;font-weight:bold;padding:0 4px">{E(Issuer(conference, Language.Vi))}{number}</td>
            <td style="text-align:center;vertical-align:top;padding:0 4px"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong style="text-decoration:underline">Độc lập - Tự do - Hạnh phúc</strong><br><em>Khánh Hòa, ngày {local.Day:00} tháng {local.Month:00} năm {local.Year}</em></td>
            </tr></table>
            <h1 style="text-align:center;font-size:22px;margin:20px 0 4px">{E(headingVi)}</h1>
            <p style="text-align:center;font-weight:bold;margin:0 0 8px">{E(title.Vi)}</p>
            {bodyVi}
            <p style="font-size:14px;color:#444444;border-top:1px solid #cccccc;padding-top:8px">Thư này được gửi tự động từ hộp thư của Ban Tổ chức; thư trả lời (reply) không được đọc. Xin vui lòng phản hồi bằng đường liên kết riêng ở trên, không chuyển tiếp thư này cho người khác. Tệp lịch (.ics) đính kèm để thêm hội nghị vào lịch.</p>
            <div lang="en" style="margin-top:24px;border-top:2px solid #0b5394;padding-top:8px;font-family:Arial,Helvetica,sans-serif;font-size:15px">
            <h2 style="font-size:18px;margin:8px 0">{E(headingEn)}: {E(title.Get(Language.En))}</h2>
            {bodyEn}
            <p style="font-size:13px;color:#444444">This message was sent automatically from the organizers' mailbox; replies to it are not read. Please use your personal link above and do not forward this e-mail.</p>
            </div>
            </div>
            </body></html>
            """);
        return html.ToString();
    }

    private static void Greeting(StringBuilder html, ConferenceDelegate person, Language language) =>
        html.Append(CultureInfo.InvariantCulture, $"<p>{E(language.Pick($"Kính gửi: {NameLine(person)}", $"Dear {person.Name},"))}</p>");

    private static string SeeOrChangeReply(Language language) => language.Pick("Xem hoặc đổi câu trả lời", "See or change your reply");

    private static void Facts(StringBuilder html, Conference conference, Language language)
    {
        html.Append("<table role=\"presentation\" style=\"border-collapse:collapse;margin:8px 0\">");
        FactRows(html, conference, language);
        html.Append("</table>");
    }

    private static void AgendaTable(StringBuilder html, Conference conference, Language language)
    {
        // Vietnamese sits under the page's h1, English under its own h2.
        var level = language == Language.Vi ? "h2" : "h3";
        html.Append(CultureInfo.InvariantCulture, $"<{level} style=\"font-size:17px;margin:16px 0 4px\">{E(language.Pick("Chương trình", "Agenda"))}</{level}>");
        html.Append("<table role=\"presentation\" style=\"border-collapse:collapse;margin:0 0 12px\">");
        AgendaRows(html, conference, language);
        html.Append("</table>");
    }

    private static void Button(StringBuilder html, Uri link, string label, Language language)
    {
        var url = E(link.AbsoluteUri);
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"text-align:center;margin:24px 0 8px\"><a href=\"{url}\" style=\"display:inline-block;background:#0b5394;color:#ffffff;text-decoration:none;padding:12px 28px;border-radius:4px;font-family:Arial,Helvetica,sans-serif;font-size:17px;font-weight:bold\">{E(label)}</a></p>");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"font-size:13px;color:#444444;word-break:break-all\">{E(language.Pick("Nếu nút không mở được, chép đường liên kết này vào trình duyệt:", "If the button does not open, copy this link into a browser:"))} <a href=\"{url}\" style=\"color:#0b5394\">{url}</a></p>");
    }
}
