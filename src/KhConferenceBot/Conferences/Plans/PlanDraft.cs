namespace KhConferenceBot.Conferences.Plans;

/// <summary>Where a value was read: the line's number in the plan's text (1-based) and that line as read.</summary>
public sealed record PlanSource(int Line, string Text);

/// <summary>A value with the line it came from; no source means a default or the organizer's own answer.</summary>
public sealed record PlanField<T>(T Value, PlanSource? Source);

public enum PlanIssueKind
{
    /// <summary>Needed to create the conference and not in the plan: the organizer must give it.</summary>
    Required,

    /// <summary>Not in the plan; the conference can do without it or with a default.</summary>
    Missing,

    /// <summary>Read, but worth a look before confirming (a guess, a tentative venue, an odd time).</summary>
    Doubtful,
}

/// <summary>Something the organizer should answer or check, in Vietnamese first.</summary>
public sealed record PlanIssue(PlanIssueKind Kind, string Field, string MessageVi, string MessageEn, PlanSource? Source = null)
{
    public bool Blocks => Kind == PlanIssueKind.Required;
}

/// <summary>One agenda row. <see cref="Day"/> counts from 1 for plans that span several days.</summary>
public sealed record PlanAgendaItem(
    int Day,
    TimeOnly Start,
    TimeOnly End,
    string Content,
    string? Presenter,
    bool IsBreak,
    bool IsDiscussion,
    PlanSource Source);

/// <summary>One delegate group from the plan's list of participants.</summary>
public sealed record PlanDelegateGroup(
    DelegateCategory Category,
    string Name,
    bool IsPress,
    int? RegistersLeaders,
    PlanSource Source);

/// <summary>
/// A conference as read from a plan document, before the organizer confirms it: every field carries the line it came
/// from, and <see cref="Issues"/> lists what is missing or doubtful. Nothing is stored until the draft is confirmed.
/// </summary>
public sealed record PlanDraft
{
    public const string DefaultTimeZone = "Asia/Ho_Chi_Minh";

    public PlanField<string>? Title { get; init; }

    /// <summary>The plan's reference number, "4417/KH-UBND".</summary>
    public PlanField<string>? PlanNumber { get; init; }

    /// <summary>The day the plan was signed ("Khánh Hòa, ngày 10 tháng 5 năm 2023"), not the conference's date.</summary>
    public PlanField<DateOnly>? PlanDate { get; init; }

    /// <summary>The conference's day(s), in order.</summary>
    public IReadOnlyList<PlanField<DateOnly>> Dates { get; init; } = [];

    /// <summary>What the plan says about the date when it names no day ("Trong tháng 5/2023").</summary>
    public PlanField<string>? DateAsWritten { get; init; }

    public PlanField<string>? Venue { get; init; }

    public PlanField<string>? Chair { get; init; }

    public PlanField<string>? CoChair { get; init; }

    public PlanField<string> TimeZone { get; init; } = new(DefaultTimeZone, null);

    public PlanField<int>? Capacity { get; init; }

    /// <summary>Local date and time by which delegates or localities must answer, when the plan states one.</summary>
    public PlanField<DateTime>? AnswerDeadline { get; init; }

    /// <summary>How many leaders each locality registers ("mỗi địa phương đăng ký 03 lãnh đạo").</summary>
    public PlanField<int>? LeaderQuota { get; init; }

    public IReadOnlyList<PlanDelegateGroup> Groups { get; init; } = [];

    public IReadOnlyList<PlanAgendaItem> Agenda { get; init; } = [];

    /// <summary>Doubts noticed while reading; <see cref="Issues"/> adds what is missing from the current fields.</summary>
    public IReadOnlyList<PlanIssue> Doubts { get; init; } = [];

    /// <summary>Missing fields (recomputed from the fields, so an organizer's answer clears them) and then the doubts.</summary>
    public IReadOnlyList<PlanIssue> Issues => [.. MissingFields(), .. Doubts];

    /// <summary>True when nothing required is missing: the organizer may confirm and the conference can be created.</summary>
    public bool IsComplete => !Issues.Any(i => i.Blocks);

    private IEnumerable<PlanIssue> MissingFields()
    {
        if (Title is null)
        {
            yield return new(PlanIssueKind.Required, nameof(Title),
                "Không tìm thấy tên hội nghị (dòng sau chữ “KẾ HOẠCH”). Hãy nhập tên hội nghị.",
                "The conference's title was not found (the line after “KẾ HOẠCH”). Please enter it.");
        }

        if (Dates.Count == 0)
        {
            yield return DateAsWritten is { } written
                ? new(PlanIssueKind.Required, nameof(Dates),
                    $"Kế hoạch ghi thời gian “{written.Value}”, chưa có ngày cụ thể. Hãy nhập ngày tổ chức hội nghị.",
                    $"The plan gives the time as “{written.Value}”, without a day. Please enter the conference's date.",
                    written.Source)
                : new(PlanIssueKind.Required, nameof(Dates),
                    "Không tìm thấy ngày tổ chức hội nghị. Hãy nhập ngày tổ chức.",
                    "The conference's date was not found. Please enter it.");
        }
        else if (Dates.Count > 1)
        {
            var days = string.Join(", ", Dates.Select(d => d.Value.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)));
            yield return new(PlanIssueKind.Required, nameof(Dates),
                $"Kế hoạch có {Dates.Count} ngày ({days}); mỗi hội nghị trên hệ thống hiện chỉ có một ngày. Hãy chọn một ngày hoặc tạo mỗi ngày một hội nghị.",
                $"The plan spans {Dates.Count} days ({days}); a conference here has a single day. Choose one day or create one conference per day.",
                Dates[1].Source);
        }

        if (Venue is null)
        {
            yield return new(PlanIssueKind.Required, nameof(Venue),
                "Không tìm thấy địa điểm (dòng “Địa điểm: …”). Hãy nhập địa điểm tổ chức.",
                "The venue was not found (a line “Địa điểm: …”). Please enter it.");
        }

        if (Agenda.Count == 0)
        {
            yield return new(PlanIssueKind.Required, nameof(Agenda),
                "Không đọc được chương trình hội nghị (bảng “Thời gian – Nội dung – Thực hiện” hoặc các dòng bắt đầu bằng giờ, ví dụ “08h00 - 08h05”). Hãy bổ sung chương trình.",
                "No agenda could be read (a “Thời gian – Nội dung – Thực hiện” table or lines starting with a time such as “08h00 - 08h05”). Please add the agenda.");
        }

        if (Chair is null)
        {
            yield return new(PlanIssueKind.Missing, nameof(Chair),
                "Không tìm thấy người chủ trì (dòng “Chủ trì hội nghị: …”).",
                "The chair was not found (a line “Chủ trì hội nghị: …”).");
        }

        if (Capacity is null)
        {
            yield return new(PlanIssueKind.Missing, nameof(Capacity),
                "Không tìm thấy số lượng đại biểu (ví dụ “Dự kiến 200 đại biểu”).",
                "The number of delegates was not found (for example “Dự kiến 200 đại biểu”).");
        }

        if (Groups.Count == 0)
        {
            yield return new(PlanIssueKind.Missing, nameof(Groups),
                "Không tìm thấy thành phần đại biểu (các mục “Đại biểu mời:” và “Đại biểu triệu tập:”).",
                "No delegate groups were found (the lists under “Đại biểu mời:” and “Đại biểu triệu tập:”).");
        }

        if (PlanNumber is null)
        {
            yield return new(PlanIssueKind.Missing, nameof(PlanNumber),
                "Không tìm thấy số kế hoạch (dòng “Số: …/KH-…”).",
                "The plan's reference number was not found (a line “Số: …/KH-…”).");
        }
    }
}

/// <summary>Why a file could not be read as a plan at all, in Vietnamese first.</summary>
public sealed record PlanRefusal(string MessageVi, string MessageEn);

/// <summary>Either a draft (possibly with issues) or a refusal; reading a plan never throws for bad input.</summary>
public sealed record PlanReadResult(PlanDraft? Draft, PlanRefusal? Refusal)
{
    public static PlanReadResult Read(PlanDraft draft) => new(draft, null);

    public static PlanReadResult Refused(string messageVi, string messageEn) => new(null, new PlanRefusal(messageVi, messageEn));
}
