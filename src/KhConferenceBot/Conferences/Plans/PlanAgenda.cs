using System.Text.RegularExpressions;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>
/// The agenda ("Dự kiến chương trình hội nghị"): a table whose header names the time, content and performer columns in
/// any order (with or without "STT"), or lines that start with a time ("1. 07h30 - 08h00: Đón tiếp đại biểu"). Morning
/// and afternoon headings ("Buổi chiều") and day headings ("Ngày thứ hai (21/6/2024)") place the rows that follow.
/// </summary>
internal static partial class PlanAgenda
{
    private const int MaxItems = 300;

    private enum Session
    {
        Unknown,
        Morning,
        Afternoon,
    }

    /// <summary>The items, the dates day headings gave (by day number), and the lines the agenda took: [First, End).</summary>
    public sealed record Result(List<PlanAgendaItem> Items, SortedDictionary<int, PlanField<DateOnly>> DayDates, int First, int End);

    private sealed record Columns(int Time, int Content, int? Presenter);

    private sealed class Row(int day, Session session, PlanTimeRange times, string content, string? presenter, PlanLine line)
    {
        public int Day { get; } = day;

        public Session Session { get; } = session;

        public TimeOnly Start { get; set; } = times.Start;

        public TimeOnly? End { get; set; } = times.End;

        public string Content { get; set; } = content;

        public string? Presenter { get; set; } = presenter;

        public PlanLine Line { get; } = line;
    }

    /// <summary>Where the agenda starts: its heading or its table's header row; null when the plan has neither.</summary>
    public static int? FindStart(IReadOnlyList<PlanLine> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].IsRow ? ReadColumns(lines[i].Cells) is not null : lines[i].Text.Length < 120 && AgendaHeading().IsMatch(lines[i].Text))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Reads from <paramref name="start"/> (from <see cref="FindStart"/>), or over the whole plan when it is null.</summary>
    public static Result Read(IReadOnlyList<PlanLine> lines, int? start, List<PlanIssue> doubts)
    {
        var rows = new List<Row>();
        var dayDates = new SortedDictionary<int, PlanField<DateOnly>>();
        Columns? columns = null;
        var day = 1;
        var session = Session.Unknown;
        var first = start ?? 0;
        var end = lines.Count;

        for (var i = first; i < lines.Count && rows.Count < MaxItems; i++)
        {
            var line = lines[i];
            if (line.IsBlank)
            {
                continue;
            }

            var filled = line.Cells.Where(c => c.Length > 0).ToList();
            var rowTimes = line.IsRow && filled.Count > 1 ? ReadRow(line.Cells, columns) : null;

            // A table row that is a heading ("I | BUỔI SÁNG") is read like the heading on its own line.
            var text = filled.Count == 1 ? filled[0]
                : rowTimes is null && filled.FirstOrDefault(c => ReadSession(c) is not null || ReadDayHeading(c, line) is not null) is { } cellHeading ? cellHeading
                : line.Text;
            if (rows.Count > 0 && EndOfAgenda().IsMatch(text) && !IsSessionOrDay(text))
            {
                end = i;
                break;
            }

            if (line.IsRow && ReadColumns(line.Cells) is { } header)
            {
                columns = header;
                continue;
            }

            if (line.IsRow && filled.Count > 1 && text == line.Text)
            {
                if (rowTimes is { } cells)
                {
                    Add(cells.Times, cells.Content, cells.Presenter, line);
                }
                else if (rows.Count > 0)
                {
                    // A row with its time cell empty continues the item above (Word tables merge the time cell down).
                    var last = rows[^1];
                    last.Content = PlanAgendaText.Join(last.Content, PlanAgendaText.Parts(filled[0]));
                    if (filled.Count > 1)
                    {
                        last.Presenter = PlanAgendaText.Join(last.Presenter, PlanAgendaText.Parts(filled[1]));
                    }
                }

                continue;
            }

            if (ReadDayHeading(text, line) is { } heading)
            {
                var currentDayHasRows = rows.Any(r => r.Day == day);
                if (heading.Date is { } date)
                {
                    // "Sáng ngày 20/6" then "Chiều ngày 20/6" stay on one day; a new date after rows starts the next.
                    var known = dayDates.FirstOrDefault(d => d.Value.Value == date.Value);
                    if (known.Value is not null)
                    {
                        day = known.Key;
                    }
                    else
                    {
                        day += currentDayHasRows || dayDates.ContainsKey(day) ? 1 : 0;
                        dayDates[day] = date;
                    }
                }
                else if (currentDayHasRows)
                {
                    day++;
                }

                session = ReadSession(text) ?? Session.Unknown;
                continue;
            }

            if (ReadSession(text) is { } named && text.Length < 100 && PlanTimes.ParseLeading(Numbering().Replace(text, "")) is null)
            {
                session = named;
                continue;
            }

            if (PlanTimes.ParseLeading(Numbering().Replace(text, "")) is { } leading)
            {
                var (content, presenter) = PlanAgendaText.SplitPresenter(leading.After);
                Add(leading.Range, content, presenter, line);
            }
            else if (rows.Count > 0 && PlanAgendaText.PresenterLabel().Match(text) is { Success: true } label)
            {
                rows[^1].Presenter = PlanAgendaText.Join(rows[^1].Presenter, PlanAgendaText.Parts(label.Groups["p"].Value));
            }
            else if (rows.Count > 0 && text.EndsWith(':'))
            {
                // "Thành phần:" or "Tổ chức thực hiện:" after the last item: the plan goes on with another section.
                end = i;
                break;
            }
            else if (rows.Count > 0 && !rows[^1].Line.IsRow && Numbering().Match(text) is { Success: true, Length: > 0 } && text[0] is '-' or '+' or '•')
            {
                rows[^1].Content = PlanAgendaText.Join(rows[^1].Content, PlanAgendaText.Parts(text));
            }
        }

        if (start is null && rows.Count > 0)
        {
            // Without a heading the agenda is where its first row is; the lines above it are the plan's body.
            first = rows[0].Line.Number - 1;
        }

        return new Result(Finish(rows, doubts), dayDates, first, rows.Count == 0 ? first : end);

        void Add(PlanTimeRange times, string content, string? presenter, PlanLine line)
        {
            content = PlanAgendaText.Parts(content);
            if (content.Length == 0)
            {
                doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Agenda),
                    $"Dòng {line.Number} có giờ nhưng không có nội dung; dòng này bị bỏ qua.",
                    $"Line {line.Number} has a time but no content; it was skipped.", line.Source));
                return;
            }

            var start = ToClock(times.Start, session, line, doubts);
            TimeOnly? finish = times.End is { } e ? ToClock(e, session, line, doubts) : null;
            if (finish is { } f && f < start && f.Hour < 12 && f.AddHours(12) > start)
            {
                // "11h30 - 1h30" crosses noon.
                finish = f.AddHours(12);
            }

            rows.Add(new Row(day, session, times with { Start = start, End = finish }, content, presenter is null ? null : PlanAgendaText.NullIfEmpty(PlanAgendaText.Parts(presenter)), line));
        }
    }

    private static TimeOnly ToClock(TimeOnly time, Session session, PlanLine line, List<PlanIssue> doubts)
    {
        if (session == Session.Afternoon && time.Hour < 12)
        {
            return time.AddHours(12);
        }

        if (session == Session.Unknown && time.Hour < 6)
        {
            doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Agenda),
                $"Dòng {line.Number}: giờ {AgendaTime.Format(time)} được hiểu là buổi chiều ({AgendaTime.Format(time.AddHours(12))}).",
                $"Line {line.Number}: {AgendaTime.Format(time)} is taken as afternoon ({AgendaTime.Format(time.AddHours(12))}).", line.Source));
            return time.AddHours(12);
        }

        return time;
    }

    private static List<PlanAgendaItem> Finish(List<Row> rows, List<PlanIssue> doubts)
    {
        var items = new List<PlanAgendaItem>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            // A single time ends where the next item starts, unless lunch or a new day lies between them.
            var next = i + 1 < rows.Count && rows[i + 1].Day == row.Day && rows[i + 1].Session == row.Session ? rows[i + 1] : null;
            var end = row.End ?? next?.Start;
            if (end is null)
            {
                doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Agenda),
                    $"Mục “{row.Content}” chỉ có giờ bắt đầu ({AgendaTime.Format(row.Start)}); hãy nhập giờ kết thúc.",
                    $"Item “{row.Content}” has only a start time ({AgendaTime.Format(row.Start)}); please enter its end.", row.Line.Source));
            }
            else if (end < row.Start)
            {
                doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Agenda),
                    $"Mục “{row.Content}” kết thúc ({AgendaTime.Format(end.Value)}) trước khi bắt đầu ({AgendaTime.Format(row.Start)}).",
                    $"Item “{row.Content}” ends ({AgendaTime.Format(end.Value)}) before it starts ({AgendaTime.Format(row.Start)}).", row.Line.Source));
            }

            if (i > 0 && rows[i - 1].Day == row.Day && rows[i - 1].Start > row.Start)
            {
                doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Agenda),
                    $"Mục “{row.Content}” ({AgendaTime.Format(row.Start)}) bắt đầu sớm hơn mục trước nó ({AgendaTime.Format(rows[i - 1].Start)}).",
                    $"Item “{row.Content}” ({AgendaTime.Format(row.Start)}) starts before the item above it ({AgendaTime.Format(rows[i - 1].Start)}).", row.Line.Source));
            }

            var folded = PlanLine.Fold(row.Content);
            items.Add(new PlanAgendaItem(
                row.Day,
                row.Start,
                end ?? row.Start,
                row.Content,
                row.Presenter,
                IsBreak: BreakWords().IsMatch(row.Content),
                IsDiscussion: folded.Contains("thao luan", StringComparison.Ordinal),
                row.Line.Source));
        }

        return items;
    }

    private static Columns? ReadColumns(IReadOnlyList<string> cells)
    {
        int? time = null, content = null, presenter = null;
        for (var i = 0; i < cells.Count; i++)
        {
            var folded = PlanLine.Fold(cells[i]);
            if (time is null && (folded.StartsWith("thoi gian", StringComparison.Ordinal) || folded is "gio" or "time"))
            {
                time = i;
            }
            else if (content is null && (folded.StartsWith("noi dung", StringComparison.Ordinal) || folded.StartsWith("chuong trinh", StringComparison.Ordinal)))
            {
                content = i;
            }
            else if (presenter is null && PresenterHeader().IsMatch(folded))
            {
                presenter = i;
            }
        }

        return time is { } t && content is { } c ? new Columns(t, c, presenter) : null;
    }

    private static (PlanTimeRange Times, string Content, string? Presenter)? ReadRow(IReadOnlyList<string> cells, Columns? columns)
    {
        if (columns is not null)
        {
            var times = columns.Time < cells.Count ? PlanTimes.ParseCell(cells[columns.Time]) : null;
            return times is null || columns.Content >= cells.Count
                ? null
                : (times, cells[columns.Content], columns.Presenter is { } p && p < cells.Count ? cells[p] : null);
        }

        // No header: the first cell that is a time is the time column, then content and performer follow it.
        for (var i = 0; i < cells.Count; i++)
        {
            if (PlanTimes.ParseCell(cells[i]) is { } times)
            {
                var rest = cells.Skip(i + 1).Where(c => c.Length > 0).ToList();
                return rest.Count == 0 ? null : (times, rest[0], rest.Count > 1 ? rest[1] : null);
            }
        }

        return null;
    }

    /// <summary>"NGÀY THỨ HAI (21/8/2024)", "Ngày 21/8/2024", "Sáng thứ Năm, ngày 20/6/2024"; the date when it gives one.</summary>
    private sealed record DayHeading(PlanField<DateOnly>? Date);

    private static DayHeading? ReadDayHeading(string text, PlanLine line)
    {
        if (text.Length > 100 || PlanTimes.ParseLeading(Numbering().Replace(text, "")) is not null)
        {
            return null;
        }

        var folded = PlanLine.Fold(Numbering().Replace(text, ""));
        var dates = PlanTimes.Dates(text);
        if (folded.StartsWith("ngay thu ", StringComparison.Ordinal) || (dates.Count > 0 && DayWords().IsMatch(folded)))
        {
            return new DayHeading(dates.Count > 0 ? new PlanField<DateOnly>(dates[0], line.Source) : null);
        }

        return null;
    }

    private static bool IsSessionOrDay(string text) => ReadSession(text) is not null || DayWords().IsMatch(PlanLine.Fold(Numbering().Replace(text, "")));

    private static Session? ReadSession(string text) =>
        SessionWords().Match(PlanLine.Fold(Numbering().Replace(text, ""))) switch
        {
            { Success: false } => null,
            var m when m.Groups["when"].Value == "sang" => Session.Morning,
            _ => Session.Afternoon,
        };

    [GeneratedRegex(@"^(?:[IVX]{1,5}\.\s*|\d{1,2}\.\s*|[A-Z]\.\s*)?(?:dự kiến\s+)?(?:nội dung\s+)?chương trình(?:\s+[\p{L}\p{N}()/,]+){0,8}\s*:?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AgendaHeading();

    [GeneratedRegex(@"^(?:Nơi nhận|TM\.|KT\.|[IVX]{1,5}\.\s)", RegexOptions.CultureInvariant)]
    private static partial Regex EndOfAgenda();

    /// <summary>"1. ", "2) ", "- ", "+ ", "• " before an agenda line's time.</summary>
    [GeneratedRegex(@"^\s*(?:\d{1,2}[.)]\s+|[-+•]\s*)?")]
    private static partial Regex Numbering();

    [GeneratedRegex(@"^(?:phien\s+)?(?:buoi\s+)?(?<when>sang|chieu|toi)(?:\s|$|[:(,\-])")]
    private static partial Regex SessionWords();

    [GeneratedRegex(@"^(?:ngay|thu\s|chu nhat|sang|chieu|buoi|phien)")]
    private static partial Regex DayWords();

    [GeneratedRegex(@"thuc hien|trinh bay|chu tri|phu trach|don vi|bao cao vien|nguoi bao cao|dien gia")]
    private static partial Regex PresenterHeader();

    /// <summary>Matched with diacritics: "Nghỉ giải lao" is a break, "Nghị quyết" is not.</summary>
    [GeneratedRegex(@"^(?:nghỉ|giải lao|ăn trưa|tea break)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BreakWords();
}
