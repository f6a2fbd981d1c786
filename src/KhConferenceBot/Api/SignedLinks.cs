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
/// expires. Keyed by Organizer:LinkSigningKey, so links survive restarts and work on every instance. A link whose
/// subject is a person (<see cref="Seal"/>) is encrypted, not only signed, under a key derived from the same setting.
/// </summary>
public sealed partial class LinkSigner
{
    public const string RoutePrefix = "api/organizer/exports/";

    private const string Version = "v2";
    private const int MaxTokenLength = 1024;
    private const byte SealedVersion = 3;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _key;
    private readonly byte[] _sealKey;
    private readonly byte[] _nonceKey;
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

        // Separate keys for separate uses, all from the one setting: a signature never doubles as an encryption key.
        _sealKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: "khcb sealed link key"u8.ToArray());
        _nonceKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: "khcb sealed link nonce"u8.ToArray());
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
    /// The bare signed token (readable, not secret: for subjects that are not a person, such as a file format).
    /// <see cref="Validate"/> reads it back; the grant's Format is the subject. Answer links were made this way before
    /// they were sealed, and the answer page still reads those until they expire.
    /// </summary>
    public string Sign(string purpose, string subject, string conferenceId, DateTimeOffset expires)
    {
        CheckFields(purpose, subject, conferenceId);

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

    /// <summary>
    /// An opaque token for a link that speaks for a person (the e-mail guests' answer page, where <paramref name="subject"/>
    /// is the delegate id, often an e-mail address): the fields are encrypted and authenticated (AES-GCM), so neither the
    /// address nor any other field can be read from the URL (mail logs, proxies, browser history) or altered.
    /// <see cref="Unseal"/> reads it back. The nonce is derived from the fields (a synthetic IV), so the same delegate's
    /// link is the same in every mail, and distinct fields never share a nonce.
    /// </summary>
    public string Seal(string purpose, string subject, string conferenceId, DateTimeOffset expires)
    {
        CheckFields(purpose, subject, conferenceId);

        var plain = Encoding.UTF8.GetBytes(string.Join('\n', conferenceId, subject, expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var token = new byte[1 + NonceBytes + plain.Length + TagBytes];
        token[0] = SealedVersion;
        var nonce = token.AsSpan(1, NonceBytes);
        byte[] keyed = [.. Encoding.UTF8.GetBytes(purpose), (byte)'\n', .. plain];
        HMACSHA256.HashData(_nonceKey, keyed).AsSpan(0, NonceBytes).CopyTo(nonce);
        using var aes = new AesGcm(_sealKey, TagBytes);
        aes.Encrypt(nonce, plain, token.AsSpan(1 + NonceBytes, plain.Length), token.AsSpan(1 + NonceBytes + plain.Length), Encoding.UTF8.GetBytes(purpose));
        return Base64UrlEncoder.Encode(token);
    }

    /// <summary>
    /// Reads a <see cref="Seal"/> token of <paramref name="purpose"/>: Invalid when it was not sealed here for that purpose
    /// or was altered in any byte; the grant's Format is the subject.
    /// </summary>
    public SignedLinkStatus Unseal(string purpose, string? token, out SignedLinkGrant? grant)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        grant = null;
        if (token is null || token.Length > MaxTokenLength || token.Contains('.', StringComparison.Ordinal))
        {
            return SignedLinkStatus.Invalid;
        }

        byte[] bytes;
        try
        {
            bytes = Base64UrlEncoder.DecodeBytes(token);
        }
        catch (FormatException)
        {
            return SignedLinkStatus.Invalid;
        }

        if (bytes.Length <= 1 + NonceBytes + TagBytes || bytes[0] != SealedVersion)
        {
            return SignedLinkStatus.Invalid;
        }

        var plain = new byte[bytes.Length - 1 - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(_sealKey, TagBytes);
            aes.Decrypt(bytes.AsSpan(1, NonceBytes), bytes.AsSpan(1 + NonceBytes, plain.Length), bytes.AsSpan(1 + NonceBytes + plain.Length), plain, Encoding.UTF8.GetBytes(purpose));
        }
        catch (AuthenticationTagMismatchException)
        {
            return SignedLinkStatus.Invalid;
        }

        var fields = Encoding.UTF8.GetString(plain).Split('\n');
        if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return SignedLinkStatus.Invalid;
        }

        grant = new SignedLinkGrant(purpose, fields[1], fields[0]);
        return _time.GetUtcNow().ToUnixTimeSeconds() >= expires ? SignedLinkStatus.Expired : SignedLinkStatus.Valid;
    }

    /// <summary>The fields are joined by line breaks, so none may hold one.</summary>
    private static void CheckFields(string purpose, string subject, string conferenceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        if ($"{purpose}{subject}{conferenceId}".Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A link's field cannot hold a line break.", nameof(subject));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organizer:LinkSigningKey is empty (local mode): download links are signed with a key made at start and stop working after a restart. scripts/run keeps one in .local/.")]
    private static partial void LogGeneratedKey(ILogger logger);
}
