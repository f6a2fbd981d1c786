using System.Text;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>The text of an agenda item: a cell's bullet points as one line, and the performer split from the content.</summary>
internal static partial class PlanAgendaText
{
    /// <summary>
    /// A cell's bullet points as one line: "- A - B" (the plain-text form of a cell's paragraphs) becomes "A; B". A dash
    /// inside quotes or parentheses ("“Khánh Hòa - Hợp tác và phát triển”") is part of the text.
    /// </summary>
    public static string Parts(string cell)
    {
        var text = cell.Trim();
        if (text.Length == 0 || text[0] is not ('-' or '+' or '•'))
        {
            return text.TrimEnd('.', ';', ' ');
        }

        var parts = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            depth += c is '“' or '(' ? 1 : c is '”' or ')' ? -1 : 0;
            var isMarker = c is '-' or '+' or '•' && depth <= 0
                && (i == 0 || text[i - 1] == ' ') && (i + 1 == text.Length || text[i + 1] == ' ');
            if (isMarker)
            {
                parts.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        parts.Add(current.ToString());
        return string.Join("; ", parts.Select(p => p.Trim().TrimEnd('.', ';', ' ')).Where(p => p.Length > 0));
    }

    public static string Join(string? first, string second) =>
        string.IsNullOrEmpty(first) ? second : second.Length == 0 ? first : $"{first}; {second}";

    public static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>The performer after the content: "…: Thực hiện: Sở Nội vụ", "… (Sở Nội vụ trình bày)", "… – Lãnh đạo UBND tỉnh".</summary>
    public static (string Content, string? Presenter) SplitPresenter(string rest)
    {
        if (InlinePresenterLabel().Match(rest) is { Success: true } label)
        {
            return (label.Groups["c"].Value, label.Groups["p"].Value.Trim());
        }

        if (TrailingParentheses().Match(rest) is { Success: true } parentheses && PerformerStart().IsMatch(PlanLine.Fold(parentheses.Groups["p"].Value)))
        {
            return (parentheses.Groups["c"].Value, PerformerVerb().Replace(parentheses.Groups["p"].Value, "").Trim());
        }

        if (TrailingDash().Match(rest) is { Success: true } dash && PerformerStart().IsMatch(PlanLine.Fold(dash.Groups["p"].Value)))
        {
            return (dash.Groups["c"].Value, dash.Groups["p"].Value.Trim());
        }

        return (rest, null);
    }

    [GeneratedRegex(@"^\s*[-+•]?\s*(?:người thực hiện|đơn vị thực hiện|thực hiện|người trình bày|trình bày|chủ trì|phụ trách|báo cáo viên)\s*:\s*(?<p>.+?)\s*[.;]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    internal static partial Regex PresenterLabel();

    [GeneratedRegex(@"^(?<c>.*?)[\s(\-–—;,.]*\(?(?:người thực hiện|đơn vị thực hiện|thực hiện|người trình bày|trình bày|chủ trì|phụ trách|báo cáo viên)\s*:\s*(?<p>[^()]+?)\)?\s*[.;]?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlinePresenterLabel();

    [GeneratedRegex(@"^(?<c>.+?)\s*\((?<p>[^()]+)\)\s*[.;]?$")]
    private static partial Regex TrailingParentheses();

    [GeneratedRegex(@"^(?<c>.+)\s+[–—-]\s+(?<p>[^–—-]+?)\s*[.;]?$")]
    private static partial Regex TrailingDash();

    [GeneratedRegex(@"^(?:lanh dao|so |ban |ubnd|uy ban|dai dien|chu tich|pho chu tich|giam doc|pho giam doc|van phong|dong chi|d/c|moi |thuong truc|bo |cuc |vcci|hoi dong|to |cac dai bieu|dai bieu)")]
    private static partial Regex PerformerStart();

    [GeneratedRegex(@"\s+(?:thực hiện|trình bày|phát biểu|chủ trì)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PerformerVerb();
}
