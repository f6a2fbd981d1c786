using System.Buffers;
using System.Text;

namespace KhConferenceBot.Bot;

/// <summary>
/// Unicode normalisation that cannot throw. <see cref="string.Normalize(NormalizationForm)"/> rejects text holding a lone
/// surrogate or a noncharacter (U+FFFE, U+FFFF, U+FDD0..U+FDEF, the last two code points of every plane); such text
/// arrives from pasted PDFs, broken clients and hostile senders, and must become a refusal or a reply, never an exception.
/// </summary>
public static class UnicodeText
{
    /// <summary>The NFC form of <paramref name="text"/> after <see cref="RemoveInvalid"/>.</summary>
    public static string ToNfc(string text) => Normalize(text, NormalizationForm.FormC);

    /// <summary>The NFD form of <paramref name="text"/> after <see cref="RemoveInvalid"/>.</summary>
    public static string ToNfd(string text) => Normalize(text, NormalizationForm.FormD);

    /// <summary>True when the text holds nothing that <see cref="RemoveInvalid"/> would drop.</summary>
    public static bool IsValid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FirstInvalid(text) < 0;
    }

    /// <summary>The text without lone surrogates and noncharacters: neither can be shown, stored as XML or normalised.</summary>
    public static string RemoveInvalid(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstInvalid(text);
        if (first < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length;)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            if (status == OperationStatus.Done && !IsNoncharacter(rune))
            {
                builder.Append(text, i, consumed);
            }

            i += Math.Max(consumed, 1);
        }

        return builder.ToString();
    }

    private static string Normalize(string text, NormalizationForm form)
    {
        var valid = RemoveInvalid(text);
        try
        {
            return valid.Normalize(form);
        }
        catch (ArgumentException)
        {
            // Defence in depth: should the platform's normaliser refuse something else, keep the text as it came.
            return valid;
        }
    }

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done || IsNoncharacter(rune))
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }

    private static bool IsNoncharacter(Rune rune) =>
        rune.Value is >= 0xFDD0 and <= 0xFDEF || (rune.Value & 0xFFFE) == 0xFFFE;
}
