using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;

namespace KhConferenceBot.Features.Guests;

/// <summary>The pieces the e-mails and the answer page share: encoding, the paper's heading, the facts and the agenda.</summary>
internal static class GuestHtml
{
    // Vietnamese letters stay letters (an e-mail's source stays readable); only markup characters are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => text is null ? "" : Encoder.Encode(text);

    public static string Paper(ConferenceDelegate person, Language language) => person.Category == DelegateCategory.Summoned
        ? language.Pick("GIẤY TRIỆU TẬP", "NOTICE OF SUMMONS")
        : language.Pick("GIẤY MỜI", "INVITATION");

    public static string PaperLower(ConferenceDelegate person, Language language) => person.Category == DelegateCategory.Summoned
        ? language.Pick("giấy triệu tập", "notice of summons")
        : language.Pick("giấy mời", "invitation");

    public static string Issuer(Conference conference, Language language) =>
        (conference.Organizer?.Get(language) ?? language.Pick("Ủy ban nhân dân tỉnh Khánh Hòa", "People's Committee of Khánh Hòa Province"))
        .ToUpper(language == Language.Vi ? CultureInfo.GetCultureInfo("vi-VN") : CultureInfo.InvariantCulture);

    /// <summary>"Nguyễn Văn A - Phó Giám đốc, Sở Kế hoạch và Đầu tư".</summary>
    public static string NameLine(ConferenceDelegate person)
    {
        var line = string.IsNullOrWhiteSpace(person.Position) ? person.Name : $"{person.Name} - {person.Position}";
        return string.IsNullOrWhiteSpace(person.Organisation) ? line : $"{line}, {person.Organisation}";
    }

    /// <summary>The salutation of the paper: the committee summons, or cordially invites.</summary>
    public static string Salutation(ConferenceDelegate person, Language language) => person.Category == DelegateCategory.Summoned
        ? language.Pick("Ủy ban nhân dân tỉnh triệu tập:", "The Provincial People's Committee summons:")
        : language.Pick("Trân trọng kính mời:", "You are cordially invited:");

    public static IEnumerable<(string Label, string Value)> Facts(Conference conference, Language language)
    {
        yield return (language.Pick("Thời gian", "When"), InvitationCards.When(conference, language));
        yield return (language.Pick("Địa điểm", "Where"), conference.Venue.Get(language));
        if (conference.Chair is { } chair)
        {
            yield return (language.Pick("Chủ trì", "Chair"), chair.Get(language));
        }

        if (conference.CoChair is { } coChair)
        {
            yield return (language.Pick("Đồng chủ trì", "Co-chair"), coChair.Get(language));
        }
    }

    public static IEnumerable<AgendaItem> Agenda(Conference conference) =>
        conference.Agenda.Where(a => !a.Cancelled).OrderBy(a => a.Start);

    public static string AnswerText(RsvpRecord rsvp, Language language)
    {
        var text = InvitationCards.AnswerLabel(rsvp.Answer, language);
        return rsvp.Answer switch
        {
            RsvpAnswer.Decline when rsvp.Reason is { } reason => $"{text} ({language.Pick("lý do", "reason")}: {reason})",
            RsvpAnswer.Substitute => $"{text}: {rsvp.SubstituteName} - {rsvp.SubstitutePosition}",
            _ => text,
        };
    }

    /// <summary>The facts as table rows (label, value), styled inline: e-mail clients drop style sheets.</summary>
    public static void FactRows(StringBuilder html, Conference conference, Language language)
    {
        foreach (var (label, value) in Facts(conference, language))
        {
            FactRow(html, label, value);
        }
    }

    public static void FactRow(StringBuilder html, string label, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\" style=\"text-align:left;vertical-align:top;padding:4px 12px 4px 0;white-space:nowrap;font-weight:bold\">{E(label)}</th><td style=\"padding:4px 0\">{E(value)}</td></tr>");

    public static void AgendaRows(StringBuilder html, Conference conference, Language language)
    {
        foreach (var item in Agenda(conference))
        {
            var presenter = item.Presenter is { } p ? $"<br><span style=\"color:#555\">{E(p.Get(language))}</span>" : "";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"vertical-align:top;padding:4px 12px 4px 0;white-space:nowrap\">{E(item.TimeRange)}</td><td style=\"padding:4px 0\">{E(item.Content.Get(language))}{presenter}</td></tr>");
        }
    }
}
