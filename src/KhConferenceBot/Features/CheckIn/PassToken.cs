using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>What a scanned or typed text says before storage is asked: malformed, another conference's, or a code of this one.</summary>
public enum PassReadStatus
{
    Malformed,
    Tampered,
    OtherConference,
    Code,
}

/// <summary>
/// The QR's content and the short code. The token is "p1." + base64url(conference id, short code) + "." + a truncated
/// HMAC under the conference's own key: no name, e-mail or id of the person, and a code cannot be moved to another
/// conference or altered without the key. The short code (6 characters from an alphabet without 0/O, 1/I/L) is what a
/// person types; it is random, looked up in storage, and replaced when the answer changes.
/// </summary>
public static class PassToken
{
    public const int CodeLength = 6;

    /// <summary>No 0/O, 1/I/L, U/V: easy to read aloud and to type on a phone.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";

    private const string Prefix = "p1.";
    private const int SignatureBytes = 16;
    private const int MaxTokenLength = 512;

    public static string NewCode()
    {
        Span<char> chars = stackalloc char[CodeLength];
        for (var i = 0; i < CodeLength; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    public static string Create(byte[] key, string conferenceId, string code)
    {
        var payload = Payload(conferenceId, code);
        return Prefix + Base64UrlEncoder.Encode(payload) + "." + Base64UrlEncoder.Encode(Sign(key, payload));
    }

    /// <summary>
    /// Reads a scanned token or a typed code. A typed code is taken in any case, with spaces or a dash (“ab3 k7p”).
    /// <paramref name="keyOf"/> gives the desk's conference key only when the text is a token of that conference.
    /// </summary>
    public static PassReadStatus Read(string? text, string conferenceId, Func<byte[]> keyOf, out string code)
    {
        ArgumentNullException.ThrowIfNull(keyOf);
        code = "";
        var input = (text ?? "").Trim();
        if (input.Length == 0 || input.Length > MaxTokenLength)
        {
            return PassReadStatus.Malformed;
        }

        if (!input.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var typed = NormalizeCode(input);
            if (typed is null)
            {
                return PassReadStatus.Malformed;
            }

            code = typed;
            return PassReadStatus.Code;
        }

        var parts = input[Prefix.Length..].Split('.');
        if (parts.Length != 2)
        {
            return PassReadStatus.Malformed;
        }

        byte[] payload, signature;
        try
        {
            payload = Base64UrlEncoder.DecodeBytes(parts[0]);
            signature = Base64UrlEncoder.DecodeBytes(parts[1]);
        }
        catch (FormatException)
        {
            return PassReadStatus.Malformed;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 2 || NormalizeCode(fields[1]) is not { } tokenCode || tokenCode != fields[1])
        {
            return PassReadStatus.Malformed;
        }

        if (!string.Equals(fields[0], conferenceId, StringComparison.Ordinal))
        {
            return PassReadStatus.OtherConference;
        }

        if (!CryptographicOperations.FixedTimeEquals(Sign(keyOf(), payload), signature))
        {
            return PassReadStatus.Tampered;
        }

        code = tokenCode;
        return PassReadStatus.Code;
    }

    /// <summary>The code in canonical form, or null when the text cannot be one.</summary>
    public static string? NormalizeCode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(CodeLength);
        foreach (var c in text)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || builder.Length == CodeLength)
            {
                return null;
            }

            builder.Append(upper);
        }

        return builder.Length == CodeLength ? builder.ToString() : null;
    }

    private static byte[] Payload(string conferenceId, string code) => Encoding.UTF8.GetBytes(conferenceId + "\n" + code);

    private static byte[] Sign(byte[] key, byte[] payload) => HMACSHA256.HashData(key, payload)[..SignatureBytes];
}
