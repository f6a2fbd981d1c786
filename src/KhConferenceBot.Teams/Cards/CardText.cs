using System.Text;

namespace KhConferenceBot.Teams.Cards;

/// <summary>Helpers for text that goes into markdown-processed card fields (TextBlock.text, Fact title/value).</summary>
public static class CardText
{
    // Breaks "{{DATE(...)}}" and "<at>" apart without visible change; markdown escapes cannot reach either, because
    // Teams expands dates and mentions outside its markdown parser.
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>
    /// Escapes user-supplied text so Teams shows it literally instead of as markdown, a date/time template or a mention:
    /// backslash-escapes markdown punctuation (line-start-only for block markers such as <c>-</c>, <c>#</c>, <c>&gt;</c>,
    /// <c>1.</c>) and splits <c>{{</c>, <c>}}</c> and tag-like <c>&lt;x</c> with a zero-width space. Do not use it for
    /// <see cref="TextRun"/> text, which is never parsed as markdown and would show the backslashes.
    /// </summary>
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var sb = new StringBuilder(text.Length + 8);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (c)
            {
                case '\n' or '\r':
                    sb.Append(c);
                    lineStart = true;
                    continue;

                case ' ' or '\t' when lineStart:
                    sb.Append(c);
                    continue;

                case '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '`' or '~':
                    sb.Append('\\').Append(c);
                    break;

                case '#' or '-' or '+' or '=' or '>' when lineStart:
                    sb.Append('\\').Append(c);
                    break;

                case '{' when next == '{':
                case '}' when next == '}':
                    sb.Append(c).Append(ZeroWidthSpace);
                    break;

                case '<' when char.IsAsciiLetter(next) || next == '/':
                    sb.Append(c).Append(ZeroWidthSpace);
                    break;

                case >= '0' and <= '9' when lineStart:
                    var end = i;
                    while (end < text.Length && char.IsAsciiDigit(text[end]))
                    {
                        end++;
                    }

                    sb.Append(text, i, end - i);
                    if (end < text.Length && text[end] == '.')
                    {
                        sb.Append("\\.");
                        end++;
                    }

                    i = end - 1;
                    break;

                default:
                    sb.Append(c);
                    break;
            }

            lineStart = false;
        }

        return sb.ToString();
    }
}
