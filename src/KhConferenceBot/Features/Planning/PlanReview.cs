using KhConferenceBot.Common;
using KhConferenceBot.Conferences.Plans;

namespace KhConferenceBot.Features.Planning;

/// <summary>Where one field of the form was read in the plan: its line number and the line (shortened for display).</summary>
public sealed record FieldSource(string Field, int Line, string Text);

/// <summary>
/// What the organizer reviews before confirming: the form as filled from the plan, the line each value came from, and
/// what is missing or doubtful. The API returns it as is; the chat keeps it as a stored draft. Nothing is created yet.
/// </summary>
public sealed record PlanReview(ConferenceForm Form, IReadOnlyList<FieldSource> Sources, IReadOnlyList<PlanIssue> Issues)
{
    private const int SourceLength = 160;

    public static PlanReview From(PlanDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var sources = new List<FieldSource>();
        void Add(string field, PlanSource? source)
        {
            if (source is not null)
            {
                sources.Add(new FieldSource(field, source.Line, TextCut.Shorten(source.Text, SourceLength)));
            }
        }

        Add("title", draft.Title?.Source);
        Add("planNumber", draft.PlanNumber?.Source);
        Add("date", draft.Dates.Count > 0 ? draft.Dates[0].Source : draft.DateAsWritten?.Source);
        Add("venue", draft.Venue?.Source);
        Add("capacity", draft.Capacity?.Source);
        Add("chair", draft.Chair?.Source);
        Add("coChair", draft.CoChair?.Source);
        Add("answerDeadline", draft.AnswerDeadline?.Source);
        for (var i = 0; i < draft.Groups.Count; i++)
        {
            Add($"groups[{i}]", draft.Groups[i].Source);
        }

        var day = draft.Agenda.Where(a => a.Day <= 1).ToList();
        for (var i = 0; i < day.Count; i++)
        {
            Add($"agenda[{i}]", day[i].Source);
        }

        var issues = draft.Issues.Select(issue => issue.Field == nameof(PlanDraft.Dates) && draft.Dates.Count > 1
            ? new PlanIssue(PlanIssueKind.Doubtful, "date",
                $"Kế hoạch có {draft.Dates.Count} ngày; bản nháp lấy ngày đầu ({draft.Dates[0].Value:dd/MM/yyyy}) với chương trình của ngày đó. Ngày sau có thể tạo bằng cách sao chép hội nghị này.",
                $"The plan spans {draft.Dates.Count} days; the draft takes the first ({draft.Dates[0].Value:dd/MM/yyyy}) with its agenda. Copy this conference for the next day.",
                issue.Source)
            : Camel(issue));
        return new PlanReview(ConferenceForm.FromDraft(draft), sources, [.. issues]);
    }

    /// <summary>The issues to show now: what still blocks the current form, then what the plan left missing or doubtful.</summary>
    public IReadOnlyList<PlanIssue> CurrentIssues(DateOnly? today) =>
        [.. Form.Validate(today), .. Issues.Where(i => !i.Blocks)];

    public FieldSource? SourceOf(string field) => Sources.FirstOrDefault(s => s.Field == field);

    /// <summary>The draft's field names ("Dates") as the form and the API name them ("date").</summary>
    private static PlanIssue Camel(PlanIssue issue) => issue with
    {
        Field = issue.Field switch
        {
            nameof(PlanDraft.Dates) => "date",
            nameof(PlanDraft.Groups) => "groups",
            nameof(PlanDraft.LeaderQuota) => "groups",
            _ => char.ToLowerInvariant(issue.Field[0]) + issue.Field[1..],
        },
    };
}
