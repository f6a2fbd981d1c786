using System.Globalization;
using System.Text;
using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.Delegates;

/// <summary>Cleans text that comes from organizers' spreadsheets, so equal names are stored equal.</summary>
internal static class DelegateText
{
    /// <summary>
    /// NFC (Vietnamese typed on macOS or copied from PDFs often arrives decomposed: "e" + U+0302 + U+0301 instead of "ế"),
    /// trimmed, runs of whitespace (no-break spaces included) collapsed, control characters, lone surrogates and noncharacters
    /// dropped; null when empty.
    /// </summary>
    public static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var normalized = UnicodeText.ToNfc(value);
        var builder = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>A loose key for matching headers and names: lower case, without diacritics (đ → d), letters and digits only.</summary>
    public static string Key(string? value)
    {
        var clean = Clean(value);
        if (clean is null)
        {
            return "";
        }

        var decomposed = UnicodeText.ToNfd(clean.ToLowerInvariant());
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var plain = c == 'đ' ? 'd' : c;
            if (char.IsLetterOrDigit(plain))
            {
                builder.Append(plain);
            }
        }

        return builder.ToString();
    }

    /// <summary>Case-insensitive comparison key that keeps diacritics.</summary>
    public static string Exact(string? value) => Clean(value)?.ToLowerInvariant() ?? "";
}
