using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>
/// One line of a plan as the parser sees it: its number, its cleaned text and, for a table row, its cells. Both front
/// ends produce these: plain text splits table rows on tabs (or "|"), the .docx reader writes one line per paragraph and
/// one per table row.
/// </summary>
internal sealed partial record PlanLine(int Number, string Text, IReadOnlyList<string> Cells)
{
    public bool IsBlank => Text.Length == 0;

    public bool IsRow => Cells.Count > 1;

    public PlanSource Source => new(Number, Text);

    public static PlanLine From(int number, string raw)
    {
        var separator = raw.Contains('\t', StringComparison.Ordinal) ? '\t'
            : raw.Count(c => c == '|') >= 2 ? '|'
            : (char?)null;
        var cells = separator is { } s
            ? raw.Split(s).Select(Clean).ToList()
            : [Clean(raw)];

        // "| a | b |" has empty cells at both ends; they are borders, not columns.
        if (separator == '|')
        {
            while (cells.Count > 0 && cells[0].Length == 0)
            {
                cells.RemoveAt(0);
            }

            while (cells.Count > 0 && cells[^1].Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }
        }

        return new PlanLine(number, string.Join(" ", cells.Where(c => c.Length > 0)), cells);
    }

    /// <summary>
    /// NFC, markup gone (the office's exports carry "*…*" and "&lt;i&gt;…&lt;/i&gt;"), whitespace collapsed, characters
    /// that break normalisation or display dropped.
    /// </summary>
    public static string Clean(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            // Lone surrogates and U+FFFE/U+FFFF make string.Normalize throw; controls and zero-width marks only confuse matching.
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF' or '\uFEFF' or '\u200B' || (char.IsControl(c) && c != '\t'))
            {
                builder.Append(' ');
                continue;
            }

            builder.Append(c is '*' ? ' ' : c);
        }

        var text = Markup().Replace(builder.ToString().Normalize(NormalizationForm.FormC), " ");
        text = Whitespace().Replace(text, " ").Trim();
        return InnerSpace().Replace(text, m => m.Groups["open"].Success ? m.Groups["open"].Value : m.Groups["close"].Value);
    }

    /// <summary>Text without diacritics and in lower case, for matching words however the office typed them.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c == 'đ' ? 'd' : c);
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,80})?/?>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>"“ Khánh Hòa ”" and "( giao … )" are what removed markup leaves behind.</summary>
    [GeneratedRegex(@"(?<open>[“(])\s+|\s+(?<close>[”)])")]
    private static partial Regex InnerSpace();
}
