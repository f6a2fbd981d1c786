using System.Globalization;

namespace KhConferenceBot.Common;

/// <summary>
/// The one way a text is shortened for a card, a choice or a message: on one line, cut after a whole word and ended
/// with "…". A formal document must not show "…của tỉnh nă…", and a cut inside a letter's combining marks would leave
/// a broken character, so the length counts text elements rather than chars.
/// </summary>
public static class TextCut
{
    private const string Ellipsis = "…";

    /// <summary>
    /// The text on one line, at most <paramref name="maxLength"/> text elements long including the "…" it ends with
    /// when it had to be cut. A single word longer than half the room is cut inside it rather than dropped.
    /// </summary>
    public static string Shorten(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);

        var oneLine = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var info = new StringInfo(oneLine);
        if (info.LengthInTextElements <= maxLength)
        {
            return oneLine;
        }

        // The room left for text once "…" is in; the element right after it tells whether the cut falls between words.
        var head = info.SubstringByTextElements(0, maxLength - 1);
        var nextIsSpace = info.SubstringByTextElements(maxLength - 1, 1) == " ";
        if (!nextIsSpace)
        {
            var lastSpace = head.LastIndexOf(' ');
            if (lastSpace >= head.Length / 2)
            {
                head = head[..lastSpace];
            }
        }

        return head.TrimEnd(' ', ',', ';', ':', '-', '–', '—', '.', '(', '/') + Ellipsis;
    }
}
