using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace KhConferenceBot.Bot;

/// <summary>
/// Turns what a person typed into something commands can be matched against: mentions removed, case and
/// spacing folded, and (as a fallback) diacritics dropped, because many type "tro giup" on a phone.
/// </summary>
public static partial class CommandText
{
    /// <summary>The text without its &lt;at&gt;…&lt;/at&gt; mentions.</summary>
    /// <remarks>
    /// A scan rather than a regular expression: "&lt;at" repeated without a closing tag made the pattern backtrack until
    /// its timeout, and the exception left the sender without a reply. Each search here starts where the last one ended.
    /// </remarks>
    public static string StripMentions(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var next = 0;
        while (next < text.Length)
        {
            var open = text.IndexOf("<at", next, StringComparison.OrdinalIgnoreCase);
            var tagEnd = open < 0 ? -1 : text.IndexOf('>', open + 3);
            var close = tagEnd < 0 ? -1 : text.IndexOf("</at>", tagEnd + 1, StringComparison.OrdinalIgnoreCase);
            if (close < 0)
            {
                break;
            }

            builder.Append(text, next, open - next).Append(' ');
            next = close + "</at>".Length;
        }

        return builder.Append(text, next, text.Length - next).ToString().Trim();
    }

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = UnicodeText.ToNfc(System.Net.WebUtility.HtmlDecode(text));
        return Whitespace().Replace(html.ToLower(CultureInfo.GetCultureInfo("vi-VN")), " ").Trim().TrimEnd('.', '!', '?');
    }

    public static string RemoveDiacritics(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = UnicodeText.ToNfd(text);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c switch { 'đ' => 'd', 'Đ' => 'D', _ => c });
            }
        }

        return UnicodeText.ToNfc(builder.ToString());
    }

    [GeneratedRegex(@"\s+", RegexOptions.None, matchTimeoutMilliseconds: 200)]
    private static partial Regex Whitespace();
}

/// <summary>Finds the command a text starts with: the longest matching words win ("câu hỏi của tôi" over "câu hỏi").</summary>
public sealed class CommandCatalog
{
    private readonly List<(string Words, bool Folded, IBotCommand Command)> _entries = [];

    public CommandCatalog(IEnumerable<IBotCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        Commands = commands.ToList();
        foreach (var command in Commands)
        {
            foreach (var word in command.Descriptor.ViWords.Concat(command.Descriptor.EnWords))
            {
                var normalized = CommandText.Normalize(word);
                _entries.Add((normalized, false, command));
                _entries.Add((CommandText.RemoveDiacritics(normalized), true, command));
            }
        }

        _entries.Sort((a, b) => b.Words.Length.CompareTo(a.Words.Length));
    }

    public IReadOnlyList<IBotCommand> Commands { get; }

    public (IBotCommand Command, string Argument)? Match(string text)
    {
        var normalized = CommandText.Normalize(text);
        var folded = CommandText.RemoveDiacritics(normalized);

        // Exact diacritics first, so "câu hỏi" never loses to a folded spelling of another command.
        foreach (var pass in new[] { false, true })
        {
            var candidate = pass ? folded : normalized;
            foreach (var (words, isFolded, command) in _entries)
            {
                if (isFolded == pass && StartsWithWords(candidate, words))
                {
                    return (command, ArgumentAfter(text, words.Split(' ').Length));
                }
            }
        }

        return null;
    }

    private static bool StartsWithWords(string text, string words) =>
        text.StartsWith(words, StringComparison.Ordinal) && (text.Length == words.Length || text[words.Length] == ' ');

    /// <summary>The original text after the first <paramref name="wordCount"/> words, keeping the user's own spelling.</summary>
    private static string ArgumentAfter(string text, int wordCount)
    {
        var parts = text.Trim().Split((char[]?)null, wordCount + 1, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > wordCount ? parts[wordCount].Trim() : "";
    }
}
