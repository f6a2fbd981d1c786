using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Features.Delegates;

public enum ExportLinkStatus
{
    Valid,
    Expired,
    Invalid,
}

public sealed record ExportLink(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived download links for the attendance exports: Teams cannot take a file from a bot without the file consent
/// flow, so the chat gets a URL whose token is an HMAC over (conference, format, expiry). Holding the link is the
/// permission; it lasts <see cref="Lifetime"/>.
/// </summary>
public sealed partial class ExportLinkSigner
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private const string Version = "v1";
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public ExportLinkSigner(IOptions<OrganizerOptions> options, TimeProvider time, ILogger<ExportLinkSigner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        if (string.IsNullOrWhiteSpace(options.Value.LinkSigningKey))
        {
            _key = RandomNumberGenerator.GetBytes(32);
            if (!options.Value.IsLocalMode)
            {
                LogGeneratedKey(logger);
            }
        }
        else
        {
            _key = Encoding.UTF8.GetBytes(options.Value.LinkSigningKey);
        }
    }

    public ExportLink Create(Uri publicBase, string conferenceId, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(publicBase);
        var expires = _time.GetUtcNow() + Lifetime;
        var token = Sign(conferenceId, format, expires.ToUnixTimeSeconds());
        return new ExportLink(new Uri(publicBase, "api/organizer/exports/" + token), expires);
    }

    public ExportLinkStatus Validate(string? token, string conferenceId, out ExportFormat format)
    {
        format = default;
        var parts = token?.Split('.');
        if (parts is not { Length: 2 } || parts[0].Length > 256)
        {
            return ExportLinkStatus.Invalid;
        }

        byte[] payload, signature;
        try
        {
            payload = Base64UrlEncoder.DecodeBytes(parts[0]);
            signature = Base64UrlEncoder.DecodeBytes(parts[1]);
        }
        catch (FormatException)
        {
            return ExportLinkStatus.Invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
        {
            return ExportLinkStatus.Invalid;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 4 || fields[0] != Version || fields[1] != conferenceId
            || !Enum.TryParse(fields[2], ignoreCase: false, out format) || !Enum.IsDefined(format)
            || !long.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return ExportLinkStatus.Invalid;
        }

        return _time.GetUtcNow().ToUnixTimeSeconds() >= expires ? ExportLinkStatus.Expired : ExportLinkStatus.Valid;
    }

    private string Sign(string conferenceId, ExportFormat format, long expires)
    {
        var payload = Encoding.UTF8.GetBytes(string.Join('\n', Version, conferenceId, format.ToString(), expires.ToString(CultureInfo.InvariantCulture)));
        return Base64UrlEncoder.Encode(payload) + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(_key, payload));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organizer:LinkSigningKey is empty: export links are signed with a key made at start, so they fail on other instances and after a restart.")]
    private static partial void LogGeneratedKey(ILogger logger);
}
