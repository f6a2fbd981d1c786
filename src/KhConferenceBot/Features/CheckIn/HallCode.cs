using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>The code on the screen at the hall's entrance, and until when it shows.</summary>
public sealed record HallCodeDisplay(string Code, DateTimeOffset ValidUntil);

/// <summary>
/// The hall code: six digits derived (like a TOTP) from the conference's key and the current time step, so every
/// instance shows and accepts the same code with nothing stored, and a code read at the entrance stops working a few
/// minutes later. The previous step is accepted too, so someone who read the code just before it changed is not refused.
/// </summary>
public static class HallCode
{
    public const int Digits = 6;

    public static HallCodeDisplay Current(byte[] key, DateTimeOffset now, TimeSpan step)
    {
        var index = StepIndex(now, step);
        return new HallCodeDisplay(For(key, index), DateTimeOffset.FromUnixTimeSeconds((index + 1) * (long)step.TotalSeconds));
    }

    public static bool IsValid(byte[] key, string? typed, DateTimeOffset now, TimeSpan step)
    {
        var digits = new string((typed ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-').ToArray());
        if (digits.Length != Digits || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        var index = StepIndex(now, step);
        return Same(For(key, index), digits) || Same(For(key, index - 1), digits);
    }

    private static long StepIndex(DateTimeOffset now, TimeSpan step) => now.ToUnixTimeSeconds() / (long)step.TotalSeconds;

    private static string For(byte[] key, long index)
    {
        var hash = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes("hall\n" + index.ToString(CultureInfo.InvariantCulture)));
        var value = BinaryPrimitives.ReadUInt32BigEndian(hash) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static bool Same(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
