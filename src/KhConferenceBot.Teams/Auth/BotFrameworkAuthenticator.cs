using System.Text.Json;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Teams.Auth;

/// <summary>
/// Validates the Bot Connector's bearer token the way botbuilder's ChannelValidation does (see
/// docs/teams-protocol.md section 2), without the Bot Framework SDK.
/// </summary>
public sealed partial class BotFrameworkAuthenticator : IBotRequestAuthenticator
{
    /// <summary>The name of the <see cref="HttpClient"/> used for the OpenID metadata and key set.</summary>
    public const string HttpClientName = "KhConferenceBot.Teams.BotAuthentication";

    public const string ServiceUrlClaim = "serviceurl";

    private static readonly string[] AllowedAlgorithms =
    [
        SecurityAlgorithms.RsaSha256,
        SecurityAlgorithms.RsaSha384,
        SecurityAlgorithms.RsaSha512,
    ];

    private readonly BotAuthenticationOptions _options;
    private readonly ConnectorSigningKeys _signingKeys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;
    private readonly TrustedServiceUrls? _trustedServiceUrls;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly string[] _validAudiences;

    /// <summary>Creates a client per fetch, so the factory can rotate handlers of this long-lived singleton.</summary>
    public BotFrameworkAuthenticator(
        IOptions<BotAuthenticationOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<BotFrameworkAuthenticator> logger,
        TrustedServiceUrls? trustedServiceUrls = null)
        : this(options, CreateClientFactory(httpClientFactory), timeProvider, logger, trustedServiceUrls)
    {
    }

    /// <summary>Uses <paramref name="httpClient"/> for every fetch; the caller owns it.</summary>
    public BotFrameworkAuthenticator(
        IOptions<BotAuthenticationOptions> options,
        HttpClient httpClient,
        TimeProvider timeProvider,
        ILogger<BotFrameworkAuthenticator> logger,
        TrustedServiceUrls? trustedServiceUrls = null)
        : this(options, CreateClientFactory(httpClient), timeProvider, logger, trustedServiceUrls)
    {
    }

    private BotFrameworkAuthenticator(
        IOptions<BotAuthenticationOptions> options,
        Func<HttpClient> httpClient,
        TimeProvider timeProvider,
        ILogger<BotFrameworkAuthenticator> logger,
        TrustedServiceUrls? trustedServiceUrls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _signingKeys = new ConnectorSigningKeys(_options, httpClient, timeProvider, logger);
        _timeProvider = timeProvider;
        _logger = logger;
        _trustedServiceUrls = trustedServiceUrls;

        var appId = _options.MicrosoftAppId?.Trim() ?? string.Empty;
        _validAudiences = _options.IsLocalMode ? [] : [appId, $"api://{appId}", $"api://botid-{appId}"];
    }

    public bool IsDisabled => _options.IsLocalMode;

    public async Task<BotAuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);

        // Local mode deliberately ignores a header even when one is sent. botbuilder would still validate it, but with
        // no app id there is no audience to check, so every token would fail; the Playground and the Emulator (with
        // blank credentials) send none anyway. Local mode is an explicit configuration choice and also means the bot
        // sends no token outbound, so there is nothing a forged request could obtain that an unauthenticated one cannot.
        if (IsDisabled)
        {
            return BotAuthResult.Anonymous;
        }

        var result = await ValidateAsync(authorizationHeader, activity, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == BotAuthOutcome.Authenticated)
        {
            // Only now is the serviceUrl known to come from the Connector (its signed claim matched).
            if (activity.ServiceUrl is { } serviceUrl)
            {
                _trustedServiceUrls?.Trust(serviceUrl);
            }
        }
        else
        {
            LogRejected(_logger, result.Outcome, result.Reason);
        }

        return result;
    }

    private async Task<BotAuthResult> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return BotAuthResult.Unauthorized("missing Authorization header");
        }

        if (!TryGetBearerToken(authorizationHeader, out var token))
        {
            return BotAuthResult.Unauthorized("Authorization scheme is not Bearer");
        }

        if (!TryReadToken(token, out var jwt))
        {
            return BotAuthResult.Unauthorized("malformed token");
        }

        // Checked before any key lookup so an unsigned or HMAC token never reaches the key endpoint.
        if (!AllowedAlgorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return BotAuthResult.Unauthorized("signing algorithm not allowed");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return BotAuthResult.Unauthorized("token has no key id");
        }

        var keys = await _signingKeys.GetAsync(jwt.Kid, cancellationToken).ConfigureAwait(false);
        if (keys is null)
        {
            return BotAuthResult.Unauthorized("signing keys unavailable");
        }

        if (!keys.Keys.TryGetValue(jwt.Kid, out var signingKey))
        {
            return BotAuthResult.Unauthorized("unknown signing key");
        }

        var validation = await _handler.ValidateTokenAsync(jwt, CreateValidationParameters(signingKey.Key)).ConfigureAwait(false);
        if (!validation.IsValid)
        {
            return BotAuthResult.Unauthorized(Describe(validation.Exception));
        }

        // A missing channelId is refused too (botbuilder skips the check then): our only channel always sends one.
        if (string.IsNullOrEmpty(activity.ChannelId) || !signingKey.Endorsements.Contains(activity.ChannelId))
        {
            return BotAuthResult.Forbidden("signing key not endorsed for the activity's channel");
        }

        var serviceUrlClaim = validation.ClaimsIdentity.FindFirst(ServiceUrlClaim)?.Value;
        if (string.IsNullOrWhiteSpace(serviceUrlClaim))
        {
            return BotAuthResult.Unauthorized("token has no serviceurl claim");
        }

        if (!ServiceUrlsMatch(serviceUrlClaim, activity.ServiceUrl))
        {
            return BotAuthResult.Unauthorized("serviceurl claim does not match the activity");
        }

        return new BotAuthResult(BotAuthOutcome.Authenticated, Identity: validation.ClaimsIdentity);
    }

    private TokenValidationParameters CreateValidationParameters(SecurityKey key) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = _options.ValidIssuer,
        ValidateAudience = true,
        ValidAudiences = _validAudiences,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = _options.ClockSkew,

        // The built-in lifetime check reads the system clock; ours reads the TimeProvider so tests can move time.
        LifetimeValidator = ValidateLifetime,
        RequireSignedTokens = true,
        ValidAlgorithms = AllowedAlgorithms,

        // Only the key the token names: another key must not rescue a bad signature, and endorsements are per key.
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
    };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is not { } validTo)
        {
            throw new SecurityTokenNoExpirationException("token has no expiry");
        }

        if (notBefore is { } from && from > validTo)
        {
            throw new SecurityTokenInvalidLifetimeException("nbf is after exp") { NotBefore = from, Expires = validTo };
        }

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var skew = parameters.ClockSkew;
        if (notBefore is { } validFrom && validFrom > now.Add(skew))
        {
            throw new SecurityTokenNotYetValidException("token not yet valid") { NotBefore = validFrom };
        }

        if (validTo < now.Subtract(skew))
        {
            throw new SecurityTokenExpiredException("token expired") { Expires = validTo };
        }

        return true;
    }

    private static bool TryGetBearerToken(string header, out string token)
    {
        token = string.Empty;
        var trimmed = header.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || !trimmed[..space].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = trimmed[(space + 1)..].Trim();
        return token.Length > 0;
    }

    private bool TryReadToken(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonWebToken? jwt)
    {
        jwt = null;
        if (!_handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenException or JsonException or FormatException)
        {
            return false;
        }

        // The Connector signs, it never encrypts; a JWE here is not ours.
        return !jwt.IsEncrypted;
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenInvalidLifetimeException => "token lifetime invalid",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not allowed",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidSignatureException => "invalid signature",
        _ => "invalid token",
    };

    private static bool ServiceUrlsMatch(string claim, string? activityServiceUrl) =>
        activityServiceUrl is not null
        && string.Equals(claim.Trim().TrimEnd('/'), activityServiceUrl.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static Func<HttpClient> CreateClientFactory(IHttpClientFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return () => factory.CreateClient(HttpClientName);
    }

    private static Func<HttpClient> CreateClientFactory(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return () => client;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Inbound request rejected ({Outcome}): {Reason}")]
    private static partial void LogRejected(ILogger logger, BotAuthOutcome outcome, string? reason);
}
