using System.Text.RegularExpressions;

namespace KhConferenceBot.Conferences.Plans;

// The form filled from what the plan reader found: the one way a plan document becomes a conference's fields
// (the API's draft, the chat's draft card, the sample loader).
public sealed partial record ConferenceForm
{
    /// <summary>
    /// The plan's fields. A plan that spans several days gives the agenda of <paramref name="day"/> (1-based), the day
    /// the organizer chose; the date is left empty until one is chosen.
    /// </summary>
    public static ConferenceForm FromDraft(PlanDraft draft, int day = 1)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new ConferenceForm
        {
            Title = draft.Title?.Value,
            PlanNumber = draft.PlanNumber?.Value,
            Date = draft.Dates.Count == 1 ? draft.Dates[0].Value : draft.Dates.Count > 1 && day <= draft.Dates.Count && day >= 1 ? draft.Dates[day - 1].Value : null,
            Venue = draft.Venue?.Value,
            Capacity = draft.Capacity?.Value,
            Chair = draft.Chair?.Value,
            CoChair = draft.CoChair?.Value,
            TimeZone = draft.TimeZone.Value,
            AnswerDeadline = draft.AnswerDeadline?.Value,
            Groups = [.. draft.Groups.Select(g => new GroupForm(null, g.Name, CategoryName(g.Category), g.IsPress, g.RegistersLeaders))],
            Agenda = [.. draft.Agenda.Where(a => a.Day == day || (day == 1 && a.Day < 1))
                .Select(a => new AgendaItemForm(null, AgendaTime.Format(a.Start), AgendaTime.Format(a.End), a.Content, a.Presenter, a.IsBreak, a.IsDiscussion,
                    Announce: AnnouncedByDefault(a.Content, a.IsBreak)))],
        };
    }

    /// <summary>
    /// Whether an item gets the group chat's "now starting" message unless the organizer says otherwise: every part of
    /// the programme proper (introduction, speeches, reports, discussion, closing), as the master of ceremonies announces
    /// them in the hall; not a break (the break-end reminder names what follows) nor the reception before the opening
    /// (the reminder 30 minutes before the start covers it).
    /// </summary>
    public static bool AnnouncedByDefault(string content, bool isBreak) =>
        !isBreak && !ReceptionWords().IsMatch(PlanLine.Fold(content ?? "").TrimStart());

    /// <summary>"Đón tiếp đại biểu", "Tiếp đón", "Đăng ký đại biểu", "Nhận tài liệu", "Check-in", folded.</summary>
    [GeneratedRegex(@"^(?:don tiep|tiep don|dang ky|nhan tai lieu|check[ -]?in)")]
    private static partial Regex ReceptionWords();
}
