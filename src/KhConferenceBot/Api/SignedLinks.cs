using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KhConferenceBot.Conferences;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Api;

public enum SignedLinkStatus
{
    Valid,
    Expired,
    Invalid,
}

public sealed record SignedLink(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>What a valid link grants: one file (purpose and format) of one conference.</summary>
public sealed record SignedLinkGrant(string Purpose, string Format, string ConferenceId);

/// <summary>
/// The one signer of download links (attendance, questions, later check-in lists). Teams cannot take a file from a bot
/// without the file-consent flow and a browser opened by Action.OpenUrl cannot send a header, so the chat hands out a
/// URL whose token is an HMAC over (purpose, format, conference, expiry): holding the link is the permission until it
/// expires. Keyed by Organizer:LinkSigningKey, so links survive restarts and work on every instance.
/// </summary>
public sealed partial class LinkSigner
{
    public const string RoutePrefix = "api/organizer/exports/";

    private const string Version = "v2";
    private const int MaxTokenLength = 1024;
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly IOptions<ConferenceOptions> _conference;

    public LinkSigner(IOptions<OrganizerOptions> options, IOptions<ConferenceOptions> conference, TimeProvider time, ILogger<LinkSigner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _conference = conference;
        if (string.IsNullOrWhiteSpace(options.Value.LinkSigningKey))
        {
            // Only reachable in local mode: outside it the setting is required at start (SettingsValidation).
            _key = RandomNumberGenerator.GetBytes(32);
            LogGeneratedKey(logger);
        }
        else
        {
            _key = Encoding.UTF8.GetBytes(options.Value.LinkSigningKey);
        }
    }

    public SignedLink Create(string purpose, string format, string conferenceId, TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        var expires = _time.GetUtcNow() + lifetime;
        var token = Sign(purpose, format, conferenceId, expires);
        return new SignedLink(new Uri(_conference.Value.PublicBaseUri(), RoutePrefix + token), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>
    /// The bare token, for links served elsewhere than the download route (the e-mail guests' answer page, where
    /// <paramref name="subject"/> is the delegate). <see cref="Validate"/> reads it back; the grant's Format is the subject.
    /// </summary>
    public string Sign(string purpose, string subject, string conferenceId, DateTimeOffset expires)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        if ($"{purpose}{subject}{conferenceId}".Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A signed field cannot hold a line break.", nameof(subject));
        }

        var payload = Encoding.UTF8.GetBytes(string.Join('\n', Version, purpose, subject, conferenceId, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Base64UrlEncoder.Encode(payload) + "." + Base64UrlEncoder.Encode(HMACSHA256.HashData(_key, payload));
    }

    public SignedLinkStatus Validate(string? token, out SignedLinkGrant? grant)
    {
        grant = null;
        var parts = token?.Split('.');
        if (token is null || token.Length > MaxTokenLength || parts is not { Length: 2 })
        {
            return SignedLinkStatus.Invalid;
        }

        byte[] payload, signature;
        try
        {
            payload = Base64UrlEncoder.DecodeBytes(parts[0]);
            signature = Base64UrlEncoder.DecodeBytes(parts[1]);
        }
        catch (FormatException)
        {
            return SignedLinkStatus.Invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
        {
            return SignedLinkStatus.Invalid;
        }

        var fields = Encoding.UTF8.GetString(payload).Split('\n');
        if (fields.Length != 5 || fields[0] != Version
            || !long.TryParse(fields[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return SignedLinkStatus.Invalid;
        }

        grant = new SignedLinkGrant(fields[1], fields[2], fields[3]);
        return _time.GetUtcNow().ToUnixTimeSeconds() >= expires ? SignedLinkStatus.Expired : SignedLinkStatus.Valid;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organizer:LinkSigningKey is empty (local mode): download links are signed with a key made at start and stop working after a restart. scripts/run keeps one in .local/.")]
    private static partial void LogGeneratedKey(ILogger logger);
}
