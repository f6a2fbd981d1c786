using System.Globalization;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>A time range as a plan writes it; <see cref="End"/> is null for a single time ("7h30'").</summary>
internal sealed record PlanTimeRange(TimeOnly Start, TimeOnly? End);

/// <summary>
/// Times and dates the way offices write them: "07h15- 08h00", "10h15-10h45", "14 giờ 00", "7h30'", "8:00",
/// "từ 7h30 đến 8h00"; "15/6/2024", "ngày 15 tháng 6 năm 2024", "ngày 20 và 21/6/2024", "tháng 5/2023".
/// </summary>
internal static partial class PlanTimes
{
    /// <summary>A cell that is nothing but a time or a time range.</summary>
    public static PlanTimeRange? ParseCell(string cell)
    {
        var match = LeadingRange().Match(cell);
        return match.Success && match.Length == cell.Length ? ToRange(match) : null;
    }

    /// <summary>A time or range at the start of a line, and the text after it.</summary>
    public static (PlanTimeRange Range, string After)? ParseLeading(string text)
    {
        var match = LeadingRange().Match(text);
        if (!match.Success || ToRange(match) is not { } range)
        {
            return null;
        }

        return (range, SeparatorAfterTime().Replace(text[match.Length..], "").Trim());
    }

    private static PlanTimeRange? ToRange(Match match)
    {
        var start = ToTime(match.Groups["h1"], match.Groups["m1"]);
        if (start is null)
        {
            return null;
        }

        if (!match.Groups["h2"].Success)
        {
            return new(start.Value, null);
        }

        var end = ToTime(match.Groups["h2"], match.Groups["m2"]);
        return end is null ? null : new(start.Value, end);
    }

    private static TimeOnly? ToTime(Group hours, Group minutes)
    {
        var h = int.Parse(hours.Value, CultureInfo.InvariantCulture);
        var m = minutes.Success ? int.Parse(minutes.Value, CultureInfo.InvariantCulture) : 0;
        return h <= 23 && m <= 59 ? new TimeOnly(h, m) : null;
    }

    /// <summary>Every full date in the text, in order: "20/6/2024", "ngày 20 tháng 6 năm 2024", "ngày 20 và 21/6/2024".</summary>
    public static IReadOnlyList<DateOnly> Dates(string text)
    {
        var dates = new List<DateOnly>();
        foreach (Match match in DatePattern().Matches(text))
        {
            var month = int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture);
            var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
            foreach (Capture day in match.Groups["day"].Captures)
            {
                if (TryDate(year, month, int.Parse(day.Value, CultureInfo.InvariantCulture)) is { } date && !dates.Contains(date))
                {
                    dates.Add(date);
                }
            }
        }

        // "từ ngày 20/6 đến ngày 22/6/2024" names the ends of a short span; the days between belong to it.
        if (dates.Count == 2 && SpanWords().IsMatch(text) && dates[1].DayNumber - dates[0].DayNumber is > 1 and <= 7)
        {
            var first = dates[0];
            var days = dates[1].DayNumber - first.DayNumber;
            dates = [.. Enumerable.Range(0, days + 1).Select(first.AddDays)];
        }

        return dates;
    }

    /// <summary>"tháng 5/2023" or "tháng 5 năm 2023": a month without a day.</summary>
    public static bool NamesMonthOnly(string text) => MonthPattern().IsMatch(text);

    /// <summary>A day and month with an optional time, after "trước" ("trước 17h00 ngày 12/6/2024"); the year may be missing.</summary>
    public static (int Day, int Month, int? Year, TimeOnly? Time)? Before(string text)
    {
        var match = BeforePattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        TimeOnly? time = match.Groups["h"].Success ? ToTime(match.Groups["h"], match.Groups["m"]) : null;
        int? year = match.Groups["year"].Success ? int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture) : null;
        return (int.Parse(match.Groups["day"].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups["month"].Value, CultureInfo.InvariantCulture), year, time);
    }

    public static DateOnly? TryDate(int year, int month, int day) =>
        year is >= 2000 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;

    // One time: hours, then "h", "g", "giờ" or ":", then optional minutes and a minute mark ("'", "phút"); "h" and "g"
    // must not start a word ("8 học viên" is not a time). Optionally a second time after a dash or "đến".
    [GeneratedRegex(@"^\s*(?:từ\s+)?(?:(?<h1>[01]?\d|2[0-3])\s*(?:giờ|h(?![\p{L}])|g(?![\p{L}])|:)\s*(?<m1>[0-5]\d)?(?:\s*(?:phút|['’′]))?)(?:\s*(?:-|–|—|đến|÷|~|->)\s*(?:(?<h2>[01]?\d|2[0-3])\s*(?:giờ|h(?![\p{L}])|g(?![\p{L}])|:)\s*(?<m2>[0-5]\d)?(?:\s*(?:phút|['’′]))?))?[\s.,;:]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LeadingRange();

    [GeneratedRegex(@"^[\s:.,;\-–—]+")]
    private static partial Regex SeparatorAfterTime();

    // "20/6/2024", "20-6-2024", "20 và 21/6/2024", "20, 21/6/2024", "ngày 20 tháng 6 năm 2024", "ngày 20, 21 tháng 6 năm 2024".
    [GeneratedRegex(@"(?<!\d)(?:(?<day>\d{1,2})\s*(?:,|và|-|–)\s*)?(?<day>\d{1,2})\s*(?:[/.\-]\s*(?<month>\d{1,2})\s*[/.\-]\s*|\s+tháng\s+(?<month>\d{1,2})\s*(?:năm|/)\s*)(?<year>\d{4})(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\btừ\b.*\bđến\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SpanWords();

    [GeneratedRegex(@"\btháng\s+\d{1,2}\s*(?:/|năm)\s*\d{4}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"\btrước\s+(?:(?:lúc\s+)?(?<h>[01]?\d|2[0-3])\s*(?:giờ|h|g|:)\s*(?<m>[0-5]\d)?\s*(?:phút|['’′])?\s*,?\s*)?(?:ngày\s+)?(?<day>\d{1,2})\s*[/\-]\s*(?<month>\d{1,2})(?:\s*[/\-]\s*(?<year>\d{4}))?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BeforePattern();
}
