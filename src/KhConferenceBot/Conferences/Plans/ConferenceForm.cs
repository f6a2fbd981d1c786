using System.Globalization;
using System.Text;
using KhConferenceBot.Common;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>One delegate group as an organizer writes it; <see cref="Category"/> is "invited" (kính mời) or "summoned" (triệu tập).</summary>
public sealed record GroupForm(string? Id, string? Name, string? Category, bool IsPress = false, int? LeadersPerLocality = null);

/// <summary>
/// One agenda row as an organizer writes it; times as the plan writes them ("07h15", "14:00"). A cancelled row stays on
/// the agenda (struck through) and is left out of the overlap check. <see cref="Announce"/>: post "now starting" in the
/// group chat when it begins; when null, an existing item keeps its choice and a new one gets
/// <see cref="ConferenceForm.AnnouncedByDefault"/>.
/// </summary>
public sealed record AgendaItemForm(string? Id, string? Start, string? End, string? Content, string? Presenter = null, bool IsBreak = false, bool IsDiscussion = false, bool Cancelled = false, bool? Announce = null);

/// <summary>
/// The fields of a conference as an organizer gives them: filled from a plan document (<see cref="FromDraft"/>, in
/// ConferenceForm.Draft.cs), from an existing conference (<see cref="FromConference"/>, to edit or copy it) or by
/// hand. Every surface (the organizer API, the chat's draft card, the sample loader) creates and edits conferences
/// through this one form, its one validation and its one mapping. Texts are Vietnamese; English translations of
/// unchanged texts are kept on edit.
/// </summary>
public sealed partial record ConferenceForm
{
    public const int MaxTitleLength = 500;
    public const int MaxTextLength = 300;
    public const int MaxContentLength = 1_000;
    public const int MaxAgendaItems = 100;
    public const int MaxGroups = 50;
    public const int MaxCapacity = 100_000;
    private const int ShortNameLength = 60;

    public string? Title { get; init; }

    /// <summary>The name on cards and lists; the title, shortened, when empty.</summary>
    public string? ShortName { get; init; }

    /// <summary>The plan's reference number, "4417/KH-UBND".</summary>
    public string? PlanNumber { get; init; }

    public DateOnly? Date { get; init; }

    public string? Venue { get; init; }

    public int? Capacity { get; init; }

    public string? Chair { get; init; }

    public string? CoChair { get; init; }

    /// <summary>An IANA time zone; Asia/Ho_Chi_Minh when empty.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Local date and time (in <see cref="TimeZone"/>) by which delegates answer; two days before when empty.</summary>
    public DateTime? AnswerDeadline { get; init; }

    public IReadOnlyList<GroupForm> Groups { get; init; } = [];

    public IReadOnlyList<AgendaItemForm> Agenda { get; init; } = [];

    /// <summary>The conference's fields as they are, for an edit form or a copy.</summary>
    public static ConferenceForm FromConference(Conference conference)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var zone = conference.Zone;
        return new ConferenceForm
        {
            Title = conference.Title.Vi,
            ShortName = conference.ShortName.Vi,
            PlanNumber = conference.PlanNumber,
            Date = conference.Date,
            Venue = conference.Venue.Vi,
            Capacity = conference.Capacity,
            Chair = conference.Chair?.Vi,
            CoChair = conference.CoChair?.Vi,
            TimeZone = conference.TimeZone,
            AnswerDeadline = conference.RsvpDeadline is { } deadline ? TimeZoneInfo.ConvertTime(deadline, zone).DateTime : null,
            Groups = [.. conference.Groups.Select(g => new GroupForm(g.Id, g.Name.Vi, CategoryName(g.Category), g.IsPress, g.RegistersLeaders))],
            Agenda = [.. conference.Agenda.OrderBy(a => a.Start)
                .Select(a => new AgendaItemForm(a.Id, AgendaTime.Format(a.Start), AgendaTime.Format(a.End), a.Content.Vi, a.Presenter?.Vi, a.IsBreak, a.IsDiscussion, a.Cancelled, a.Announce))],
        };
    }

    /// <summary>
    /// What stops this form from becoming a conference, field by field ("agenda[2].start"), in Vietnamese first.
    /// With <paramref name="today"/> (the conference zone's local date), a date before it is refused too.
    /// </summary>
    public IReadOnlyList<PlanIssue> Validate(DateOnly? today = null)
    {
        var issues = new List<PlanIssue>();
        void Refuse(string field, string vi, string en) => issues.Add(new PlanIssue(PlanIssueKind.Required, field, vi, en));

        RequireText(issues, "title", Title, MaxTitleLength, "tên hội nghị", "the title");
        CheckText(issues, "shortName", ShortName, MaxTextLength, "tên ngắn", "the short name");
        CheckText(issues, "planNumber", PlanNumber, 100, "số kế hoạch", "the plan number");
        RequireText(issues, "venue", Venue, MaxTextLength, "địa điểm", "the venue");
        CheckText(issues, "chair", Chair, MaxTextLength, "người chủ trì", "the chair");
        CheckText(issues, "coChair", CoChair, MaxTextLength, "người đồng chủ trì", "the co-chair");
        if (Date is not { } date)
        {
            Refuse("date", "Hãy nhập ngày tổ chức hội nghị.", "Enter the conference's date.");
        }
        else if (today is { } now && date < now)
        {
            Refuse("date", $"Ngày tổ chức {date:dd/MM/yyyy} đã qua. Hãy chọn ngày từ hôm nay trở đi.", $"The date {date:dd/MM/yyyy} has passed. Choose today or later.");
        }

        if (Capacity is { } capacity && capacity is < 1 or > MaxCapacity)
        {
            Refuse("capacity", $"Số lượng đại biểu phải từ 1 đến {MaxCapacity}.", $"The number of delegates must be between 1 and {MaxCapacity}.");
        }

        var zone = FindZone(TimeZone);
        if (zone is null)
        {
            Refuse("timeZone", $"Múi giờ “{TimeZone}” không hợp lệ (ví dụ Asia/Ho_Chi_Minh).", $"The time zone “{TimeZone}” is not valid (for example Asia/Ho_Chi_Minh).");
        }

        if (AnswerDeadline is { } deadline && Date is { } day && DateOnly.FromDateTime(deadline) > day)
        {
            Refuse("answerDeadline", "Hạn đăng ký tham dự phải trước ngày hội nghị.", "The answer deadline must be before the conference's day.");
        }

        ValidateGroups(issues);
        ValidateAgenda(issues);
        return issues;
    }

    /// <summary>A new conference from a form with no issues (<see cref="Validate"/>); ids come from the texts.</summary>
    public Conference ToConference(string conferenceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        var conference = new Conference
        {
            Id = conferenceId,
            ShortName = Text(""),
            Title = Text(""),
            Venue = Text(""),
        };
        ApplyTo(conference);
        return conference;
    }

    /// <summary>
    /// Writes the form onto <paramref name="conference"/>: an item or group keeps its id (and what the form does not
    /// carry: English text, presenters' accounts; announcements when the form leaves them null) when the form names it; a text that changed loses its
    /// stale English translation. Throws when the form has issues.
    /// </summary>
    public void ApplyTo(Conference conference)
    {
        ArgumentNullException.ThrowIfNull(conference);
        if (Validate() is { Count: > 0 } issues)
        {
            throw new InvalidOperationException("The form has issues: " + string.Join("; ", issues.Select(i => i.Field)));
        }

        var title = Title!.Trim();
        conference.Title = Keep(conference.Title, title);
        conference.ShortName = Keep(conference.ShortName, string.IsNullOrWhiteSpace(ShortName) ? TextCut.Shorten(title, ShortNameLength) : ShortName.Trim());
        conference.PlanNumber = Blank(PlanNumber);
        conference.Date = Date!.Value;
        conference.Venue = Keep(conference.Venue, Venue!.Trim());
        conference.Capacity = Capacity ?? PlanConference.DefaultCapacity;
        conference.Chair = Blank(Chair) is { } chair ? Keep(conference.Chair, chair) : null;
        conference.CoChair = Blank(CoChair) is { } coChair ? Keep(conference.CoChair, coChair) : null;
        conference.TimeZone = Blank(TimeZone) ?? PlanDraft.DefaultTimeZone;
        conference.RsvpDeadline = AnswerDeadline is { } deadline
            ? Conference.ToInstant(DateOnly.FromDateTime(deadline), TimeOnly.FromDateTime(deadline), conference.Zone).ToUniversalTime()
            : null;

        var itemIds = new HashSet<string>(StringComparer.Ordinal);
        conference.Agenda = [.. Agenda.Select(form =>
        {
            var old = conference.FindItem(form.Id);
            var item = new AgendaItem
            {
                Id = old is not null && itemIds.Add(old.Id) ? old.Id : UniqueId(form.Content!, itemIds, "item"),
                Start = AgendaTime.TryParse(form.Start)!.Value,
                End = AgendaTime.TryParse(form.End)!.Value,
                Content = Keep(old?.Content, form.Content!.Trim()),
                Presenter = Blank(form.Presenter) is { } presenter ? Keep(old?.Presenter, presenter) : null,
                IsBreak = form.IsBreak,
                IsDiscussion = form.IsDiscussion,
                Announce = form.Announce ?? old?.Announce ?? AnnouncedByDefault(form.Content!, form.IsBreak),
                Cancelled = form.Cancelled,
            };
            if (old is not null && item.Presenter?.Vi == old.Presenter?.Vi)
            {
                item.PresenterAccounts = old.PresenterAccounts;
            }

            return item;
        }).OrderBy(a => a.Start)];

        var groupIds = new HashSet<string>(StringComparer.Ordinal);
        conference.Groups = [.. Groups.Select(form =>
        {
            var old = conference.FindGroup(form.Id);
            return new DelegateGroup
            {
                Id = old is not null && groupIds.Add(old.Id) ? old.Id : UniqueId(form.Name!, groupIds, "group"),
                Category = ParseCategory(form.Category)!.Value,
                Name = Keep(old?.Name, form.Name!.Trim()),
                IsPress = form.IsPress,
                RegistersLeaders = form.LeadersPerLocality,
            };
        })];
    }

    /// <summary>"invited" or "summoned", the API's names of the two categories.</summary>
    public static string CategoryName(DelegateCategory category) => category == DelegateCategory.Summoned ? "summoned" : "invited";

    /// <summary>The category by its API name or as a plan writes it (mời, triệu tập); null when neither.</summary>
    public static DelegateCategory? ParseCategory(string? text) =>
        PlanLine.Fold(text?.Trim() ?? "") switch
        {
            "invited" or "moi" or "kinh moi" or "dai bieu moi" => DelegateCategory.Invited,
            "summoned" or "trieu tap" or "dai bieu trieu tap" => DelegateCategory.Summoned,
            _ => null,
        };

    /// <summary>An id from the first words without diacritics ("Đón tiếp đại biểu" → "don-tiep-dai-bieu"), unique in its list.</summary>
    public static string UniqueId(string text, ISet<string> used, string fallback, int maxWords = 4)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(used);
        var builder = new StringBuilder();
        var words = 0;
        foreach (var c in PlanLine.Fold(text))
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                if (++words == maxWords)
                {
                    break;
                }

                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        slug = slug.Length == 0 ? fallback : slug[..Math.Min(slug.Length, 48)].Trim('-');
        var id = slug;
        for (var n = 2; !used.Add(id); n++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{slug}-{n}");
        }

        return id;
    }

    private void ValidateGroups(List<PlanIssue> issues)
    {
        if (Groups.Count > MaxGroups)
        {
            issues.Add(new PlanIssue(PlanIssueKind.Required, "groups", $"Tối đa {MaxGroups} nhóm đại biểu.", $"At most {MaxGroups} delegate groups."));
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Groups.Count; i++)
        {
            var group = Groups[i] ?? new GroupForm(null, null, null);
            var field = $"groups[{i}]";
            if (RequireText(issues, field + ".name", group.Name, MaxTextLength, $"tên nhóm đại biểu thứ {i + 1}", $"the name of group {i + 1}")
                && !names.Add(PlanLine.Fold(group.Name!.Trim())))
            {
                issues.Add(new PlanIssue(PlanIssueKind.Required, field + ".name", $"Nhóm “{group.Name!.Trim()}” bị trùng tên.", $"The group “{group.Name!.Trim()}” is listed twice."));
            }

            if (ParseCategory(group.Category) is null)
            {
                issues.Add(new PlanIssue(PlanIssueKind.Required, field + ".category",
                    $"Nhóm thứ {i + 1}: hãy chọn “mời” (invited) hoặc “triệu tập” (summoned).",
                    $"Group {i + 1}: the category must be “invited” or “summoned”."));
            }

            if (group.LeadersPerLocality is { } quota && quota is < 1 or > 50)
            {
                issues.Add(new PlanIssue(PlanIssueKind.Required, field + ".leadersPerLocality",
                    $"Nhóm thứ {i + 1}: số lãnh đạo mỗi địa phương đăng ký phải từ 1 đến 50.", $"Group {i + 1}: leaders per locality must be between 1 and 50."));
            }
        }
    }

    private void ValidateAgenda(List<PlanIssue> issues)
    {
        if (Agenda.Count == 0)
        {
            issues.Add(new PlanIssue(PlanIssueKind.Required, "agenda", "Hãy nhập ít nhất một mục trong chương trình hội nghị.", "Enter at least one agenda item."));
            return;
        }

        if (Agenda.Count > MaxAgendaItems)
        {
            issues.Add(new PlanIssue(PlanIssueKind.Required, "agenda", $"Chương trình tối đa {MaxAgendaItems} mục.", $"At most {MaxAgendaItems} agenda items."));
            return;
        }

        var rows = new List<(int Index, TimeOnly Start, TimeOnly End)>();
        for (var i = 0; i < Agenda.Count; i++)
        {
            var item = Agenda[i] ?? new AgendaItemForm(null, null, null, null);
            var field = $"agenda[{i}]";
            RequireText(issues, field + ".content", item.Content, MaxContentLength, $"nội dung mục thứ {i + 1}", $"the content of item {i + 1}");
            CheckText(issues, field + ".presenter", item.Presenter, MaxTextLength, $"người thực hiện mục thứ {i + 1}", $"the presenter of item {i + 1}");
            var start = AgendaTime.TryParse(item.Start);
            var end = AgendaTime.TryParse(item.End);
            if (start is null || end is null)
            {
                issues.Add(new PlanIssue(PlanIssueKind.Required, field + (start is null ? ".start" : ".end"),
                    $"Mục thứ {i + 1}: giờ “{(start is null ? item.Start : item.End)}” không hợp lệ. Hãy nhập dạng 08h15 hoặc 08:15.",
                    $"Item {i + 1}: the time “{(start is null ? item.Start : item.End)}” is not valid. Type it like 08:15."));
            }
            else if (end <= start)
            {
                issues.Add(new PlanIssue(PlanIssueKind.Required, field + ".end",
                    $"Mục thứ {i + 1}: giờ kết thúc ({AgendaTime.Format(end.Value)}) phải sau giờ bắt đầu ({AgendaTime.Format(start.Value)}).",
                    $"Item {i + 1}: the end ({AgendaTime.Format(end.Value)}) must be after the start ({AgendaTime.Format(start.Value)})."));
            }
            else if (!item.Cancelled)
            {
                rows.Add((i, start.Value, end.Value));
            }
        }

        var ordered = rows.OrderBy(r => r.Start).ToList();
        for (var k = 1; k < ordered.Count; k++)
        {
            if (ordered[k].Start < ordered[k - 1].End)
            {
                issues.Add(new PlanIssue(PlanIssueKind.Required, $"agenda[{ordered[k].Index}].start",
                    $"Mục thứ {ordered[k].Index + 1} ({AgendaTime.Range(ordered[k].Start, ordered[k].End)}) trùng giờ với mục thứ {ordered[k - 1].Index + 1} ({AgendaTime.Range(ordered[k - 1].Start, ordered[k - 1].End)}).",
                    $"Item {ordered[k].Index + 1} overlaps item {ordered[k - 1].Index + 1}."));
            }
        }
    }

    private static bool RequireText(List<PlanIssue> issues, string field, string? value, int max, string nameVi, string nameEn)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            issues.Add(new PlanIssue(PlanIssueKind.Required, field, $"Hãy nhập {nameVi}.", $"Enter {nameEn}."));
            return false;
        }

        return CheckText(issues, field, value, max, nameVi, nameEn);
    }

    private static bool CheckText(List<PlanIssue> issues, string field, string? value, int max, string nameVi, string nameEn)
    {
        if (value is not null && value.Trim().Length > max)
        {
            issues.Add(new PlanIssue(PlanIssueKind.Required, field, $"{Capitalize(nameVi)} dài quá {max} ký tự.", $"{Capitalize(nameEn)} is longer than {max} characters."));
            return false;
        }

        if (value is not null && value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            issues.Add(new PlanIssue(PlanIssueKind.Required, field, $"{Capitalize(nameVi)} có ký tự điều khiển không hợp lệ.", $"{Capitalize(nameEn)} holds control characters."));
            return false;
        }

        return true;
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("vi-VN")) + text[1..];

    private static TimeZoneInfo? FindZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.FindSystemTimeZoneById(PlanDraft.DefaultTimeZone);
        }

        return id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>The Vietnamese text, with the old English translation only while the Vietnamese is unchanged.</summary>
    private static BilingualText Keep(BilingualText? old, string vi) => new(vi, old is not null && old.Vi == vi ? old.En : "");

    private static BilingualText Text(string vi) => new(vi, "");
}
