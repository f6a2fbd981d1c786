using System.Globalization;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>
/// The line-based parser both front ends share: the plan's heading (number, date signed, title), its labelled lines
/// ("Thời gian: …", "Địa điểm: …", "Chủ trì hội nghị: …"), the participants and the agenda.
/// </summary>
internal static partial class PlanParser
{
    /// <summary>The heading block (number, place and date, "KẾ HOẠCH") sits in the first lines.</summary>
    private const int HeadingLines = 40;

    public static PlanDraft Parse(IReadOnlyList<PlanLine> lines)
    {
        var doubts = new List<PlanIssue>();
        var agenda = PlanAgenda.Read(lines, PlanAgenda.FindStart(lines), doubts);
        var body = lines.Take(agenda.First).Concat(lines.Skip(agenda.End)).ToList();
        var (groups, quota) = PlanParticipants.Read(body, doubts);
        var planDate = ReadPlanDate(body);
        var (dates, dateAsWritten) = ReadDates(body, agenda, doubts);
        var venue = Labelled(body, VenueLabel(), doubts, nameof(PlanDraft.Venue), "Địa điểm", "venue");

        return new PlanDraft
        {
            Title = ReadTitle(body, doubts),
            PlanNumber = ReadPlanNumber(body, doubts),
            PlanDate = planDate,
            Dates = dates,
            DateAsWritten = dateAsWritten,
            Venue = venue ?? TimeAndVenue(body),
            Chair = Labelled(body, ChairLabel(), doubts, nameof(PlanDraft.Chair), "Người chủ trì", "chair"),
            CoChair = ReadCoChair(body),
            Capacity = First(body, CapacityPattern(), m => int.TryParse(m.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 100_000 ? n : (int?)null),
            AnswerDeadline = ReadDeadline(body, dates.Count > 0 ? dates[0].Value.Year : planDate?.Value.Year, doubts),
            LeaderQuota = quota,
            Groups = groups,
            Agenda = agenda.Items,
            Doubts = doubts,
        };
    }

    private static PlanField<string>? ReadTitle(List<PlanLine> body, List<PlanIssue> doubts)
    {
        var heading = body.Take(HeadingLines).ToList().FindIndex(l => l.Text.StartsWith("KẾ HOẠCH", StringComparison.Ordinal));
        if (heading < 0)
        {
            // Some offices leave out the document type and start with the conference's name.
            var named = body.Take(HeadingLines).FirstOrDefault(l => l.Text.Length < 400 && ConferenceName().IsMatch(l.Text));
            if (named is null)
            {
                return null;
            }

            doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Title),
                "Không thấy chữ “KẾ HOẠCH”; tên hội nghị được lấy từ dòng đầu tiên nói về hội nghị. Hãy kiểm tra.",
                "No “KẾ HOẠCH” heading; the title was taken from the first line naming a conference. Please check it.", named.Source));
            return new(Title(named.Text), named.Source);
        }

        // The title is the block under "KẾ HOẠCH" (or on its line), up to the first blank line or section.
        var parts = new List<string>();
        var rest = body[heading].Text["KẾ HOẠCH".Length..].Trim();
        if (rest.Length > 0)
        {
            parts.Add(rest);
        }

        var firstLine = rest.Length > 0 ? body[heading] : null;
        for (var i = heading + 1; i < body.Count && parts.Count < 6; i++)
        {
            var text = body[i].Text;
            if (text.Length == 0)
            {
                if (parts.Count > 0)
                {
                    break;
                }

                continue;
            }

            if (SectionHeading().IsMatch(text) || text.StartsWith("Căn cứ", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }

            firstLine ??= body[i];
            parts.Add(text);
        }

        return firstLine is null ? null : new(Title(string.Join(' ', parts)), new PlanSource(firstLine.Number, string.Join(' ', parts)));
    }

    /// <summary>"Tổ chức Hội nghị phân tích…" names the conference "Hội nghị phân tích…".</summary>
    private static string Title(string text)
    {
        var title = TitlePrefix().Replace(text.Trim().TrimEnd('.'), "");
        return title.Length == 0 ? text : char.ToUpper(title[0], CultureInfo.GetCultureInfo("vi-VN")) + title[1..];
    }

    private static PlanField<string>? ReadPlanNumber(List<PlanLine> body, List<PlanIssue> doubts)
    {
        foreach (var line in body.Take(HeadingLines))
        {
            if (PlanNumberPattern().Match(line.Text) is not { Success: true } match)
            {
                continue;
            }

            if (match.Groups["n"].Success)
            {
                return new($"{match.Groups["n"].Value}/{Whitespace().Replace(match.Groups["kind"].Value, "")}", line.Source);
            }

            doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.PlanNumber),
                "Kế hoạch chưa có số (bản dự thảo?). Hãy nhập số kế hoạch khi đã ban hành.",
                "The plan has no number yet (a draft?). Enter the number once it is issued.", line.Source));
            return null;
        }

        return null;
    }

    private static PlanField<DateOnly>? ReadPlanDate(List<PlanLine> body) =>
        body.Take(HeadingLines)
            .Select(l => (Line: l, Match: SignedOn().Match(l.Text)))
            .Where(x => x.Match.Success)
            .Select(x => PlanTimes.TryDate(Int(x.Match, "y"), Int(x.Match, "m"), Int(x.Match, "d")) is { } date ? new PlanField<DateOnly>(date, x.Line.Source) : null)
            .FirstOrDefault(f => f is not null);

    /// <summary>The conference's days from "Thời gian: …", else from the agenda's day headings.</summary>
    private static (List<PlanField<DateOnly>> Dates, PlanField<string>? AsWritten) ReadDates(List<PlanLine> body, PlanAgenda.Result agenda, List<PlanIssue> doubts)
    {
        foreach (var line in body)
        {
            if (TimeLabel().Match(line.Text) is not { Success: true } match)
            {
                continue;
            }

            var value = match.Groups["v"].Value.Trim().TrimEnd('.', ';');
            var dates = PlanTimes.Dates(value);
            if (dates.Count == 0)
            {
                // "Trong tháng 5/2023", "Dự kiến quý II": the organizer is asked for the day, with this text shown.
                return ([], new PlanField<string>(value, line.Source));
            }

            if (Tentative().IsMatch(value))
            {
                doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Dates),
                    $"Thời gian còn dự kiến: “{value}”. Hãy xác nhận ngày tổ chức.",
                    $"The date is tentative: “{value}”. Please confirm it.", line.Source));
            }

            if (agenda.DayDates.Count > 0 && !agenda.DayDates.Values.Select(d => d.Value).SequenceEqual(dates))
            {
                doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.Dates),
                    "Ngày ở mục “Thời gian” khác với ngày trong chương trình; ngày ở mục “Thời gian” được dùng.",
                    "The date under “Thời gian” differs from the agenda's; the one under “Thời gian” is used.", line.Source));
            }

            return ([.. dates.Select(d => new PlanField<DateOnly>(d, line.Source))], null);
        }

        return ([.. agenda.DayDates.Values], null);
    }

    /// <summary>"Thời gian, địa điểm: 7h30 ngày 20/6/2024, tại Hội trường…": the venue is after "tại".</summary>
    private static PlanField<string>? TimeAndVenue(List<PlanLine> body) =>
        body.Select(l => (Line: l, Match: TimeLabel().Match(l.Text)))
            .Where(x => x.Match.Groups["venue"].Success && VenueAfterTime().Match(x.Match.Groups["v"].Value) is { Success: true })
            .Select(x => new PlanField<string>(Value(VenueAfterTime().Match(x.Match.Groups["v"].Value).Groups["venue"].Value), x.Line.Source))
            .FirstOrDefault();

    private static PlanField<string>? Labelled(List<PlanLine> body, Regex label, List<PlanIssue> doubts, string field, string nameVi, string nameEn)
    {
        foreach (var line in body)
        {
            if (label.Match(line.Text) is { Success: true } match && Value(match.Groups["v"].Value) is { Length: > 0 } value)
            {
                if (Tentative().IsMatch(value))
                {
                    doubts.Add(new(PlanIssueKind.Doubtful, field,
                        $"{nameVi} còn dự kiến: “{value}”. Hãy xác nhận.",
                        $"The {nameEn} is tentative: “{value}”. Please confirm it.", line.Source));
                }

                return new(value, line.Source);
            }
        }

        return null;
    }

    /// <summary>"Đồng chủ trì: …" or "Mời Thường trực Tỉnh ủy đồng chủ trì, phát biểu chỉ đạo Hội nghị."</summary>
    private static PlanField<string>? ReadCoChair(List<PlanLine> body) =>
        body.Select(l => (Line: l, Match: CoChairPattern().Match(l.Text)))
            .Where(x => x.Match.Success && Value(x.Match.Groups["v"].Value).Length > 0)
            .Select(x => new PlanField<string>(Value(x.Match.Groups["v"].Value), x.Line.Source))
            .FirstOrDefault();

    /// <summary>"Các địa phương đăng ký danh sách trước ngày 15/6/2024": the answer deadline, end of that day unless a time is given.</summary>
    private static PlanField<DateTime>? ReadDeadline(List<PlanLine> body, int? year, List<PlanIssue> doubts)
    {
        foreach (var line in body)
        {
            if (!AnswerWords().IsMatch(line.Text) || PlanTimes.Before(line.Text) is not { } before)
            {
                continue;
            }

            if ((before.Year ?? year) is not { } y || PlanTimes.TryDate(y, before.Month, before.Day) is not { } date)
            {
                continue;
            }

            if (before.Year is null)
            {
                doubts.Add(new(PlanIssueKind.Doubtful, nameof(PlanDraft.AnswerDeadline),
                    $"Hạn đăng ký không ghi năm; được hiểu là năm {y}.",
                    $"The answer deadline has no year; {y} is assumed.", line.Source));
            }

            return new(date.ToDateTime(before.Time ?? new TimeOnly(23, 59, 59)), line.Source);
        }

        return null;
    }

    private static PlanField<T>? First<T>(List<PlanLine> body, Regex pattern, Func<Match, T?> read)
        where T : struct =>
        body.Select(l => (Line: l, Match: pattern.Match(l.Text)))
            .Where(x => x.Match.Success)
            .Select(x => read(x.Match) is { } value ? new PlanField<T>(value, x.Line.Source) : null)
            .FirstOrDefault(f => f is not null);

    /// <summary>A labelled value without "Tại" in front or the full stop after; first letter capitalised.</summary>
    private static string Value(string raw)
    {
        var value = AtPrefix().Replace(raw.Trim(), "").Trim().TrimEnd('.', ';', ',').Trim();
        return value.Length == 0 ? value : char.ToUpper(value[0], CultureInfo.GetCultureInfo("vi-VN")) + value[1..];
    }

    private static int Int(Match match, string group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private const string LabelStart = @"^(?:[-+•]\s*)?(?:\d{1,2}[.)]\s*|[a-zđ]\)\s*)?";

    [GeneratedRegex(LabelStart + @"thời gian(?:\s+tổ chức)?(?:\s+hội nghị)?(?<venue>\s*(?:,|và)\s*địa điểm(?:\s+tổ chức)?)?(?:\s+hội nghị)?\s*:\s*(?<v>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeLabel();

    [GeneratedRegex(@"(?:^|[,;]\s*|\s)tại\s+(?<venue>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VenueAfterTime();

    [GeneratedRegex(LabelStart + @"địa điểm(?:\s+tổ chức)?(?:\s+hội nghị)?\s*:\s*(?<v>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VenueLabel();

    [GeneratedRegex(LabelStart + @"chủ trì(?:\s+hội nghị)?\s*:\s*(?<v>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChairLabel();

    [GeneratedRegex(LabelStart + @"(?:đồng chủ trì(?:\s+hội nghị)?\s*:\s*(?<v>.+)|(?:kính\s+)?mời\s+(?<v>.+?)\s+(?:tham dự\s+và\s+|dự\s+và\s+)?đồng chủ trì\b.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CoChairPattern();

    [GeneratedRegex(@"(?:^|\s)Số\s*:\s*(?:(?<n>\d{1,6}[A-Za-z]?)\s*)?/\s*(?<kind>[A-ZĐ0-9]+(?:\s*[-–]\s*[A-ZĐ0-9]+)*)", RegexOptions.CultureInvariant)]
    private static partial Regex PlanNumberPattern();

    [GeneratedRegex(@",\s*ngày\s+(?<d>\d{1,2})\s+tháng\s+(?<m>\d{1,2})\s+năm\s+(?<y>\d{4})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignedOn();

    [GeneratedRegex(@"\b(?:dự kiến|khoảng|tổng số|số lượng|gồm)\s*:?\s*(?:khoảng\s*)?(?<n>\d{1,6})\s*(?:đại biểu|người|khách|đồng chí)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CapacityPattern();

    [GeneratedRegex(@"\b(?:đăng ký|xác nhận|phản hồi|gửi danh sách|báo cáo danh sách|gửi về|hồi âm|gửi phiếu)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnswerWords();

    [GeneratedRegex(@"\b(?:dự kiến|sẽ thông báo sau|thông báo sau|chưa xác định)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tentative();

    [GeneratedRegex(@"^(?:[IVX]{1,5}\.|\d{1,2}\.)\s", RegexOptions.CultureInvariant)]
    private static partial Regex SectionHeading();

    [GeneratedRegex(@"^(?:về việc\s+)?(?:tổ chức\s+)?(?=hội nghị)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitlePrefix();

    [GeneratedRegex(@"^(?:tổ chức\s+)?hội nghị\s+\p{L}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConferenceName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^tại\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AtPrefix();
}
