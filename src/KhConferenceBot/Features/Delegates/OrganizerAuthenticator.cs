using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Features.Delegates;

public sealed record OrganizerAuthResult(int Status, string TitleVi, string DetailEn, ClaimsIdentity? Identity = null)
{
    public bool Succeeded => Status == StatusCodes.Status200OK;

    public static OrganizerAuthResult Ok(ClaimsIdentity? identity = null) => new(StatusCodes.Status200OK, "", "", identity);

    public static OrganizerAuthResult Unauthorized(string vi, string en) => new(StatusCodes.Status401Unauthorized, vi, en);

    public static OrganizerAuthResult Forbidden(string vi, string en) => new(StatusCodes.Status403Forbidden, vi, en);
}

/// <summary>
/// Decides whether an HTTP caller is an organizer. With a bot identity: an Entra access token for this app carrying the
/// "Organizer" app role, checked against the tenant's OpenID metadata. In local mode: the configured X-Organizer-Key;
/// without one the API stays closed.
/// </summary>
public sealed partial class OrganizerAuthenticator
{
    public const string HttpClientName = "KhConferenceBot.OrganizerAuth";
    public const string KeyHeader = "X-Organizer-Key";

    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly OrganizerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<OrganizerAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _metadata;
    private readonly byte[]? _localKeyHash;

    public OrganizerAuthenticator(IOptions<OrganizerOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<OrganizerAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClients);
        _options = options.Value;
        _time = time;
        _logger = logger;
        if (!string.IsNullOrEmpty(_options.LocalApiKey))
        {
            _localKeyHash = SHA256.HashData(Encoding.UTF8.GetBytes(_options.LocalApiKey));
        }

        if (!_options.IsLocalMode && _options.MetadataAddress is { } address)
        {
            // Plain http only for a loopback issuer (tests); anything else must be https.
            var retriever = new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName)) { RequireHttps = !address.IsLoopback };
            _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(address.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever);
        }
    }

    public async Task<OrganizerAuthResult> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _options.IsLocalMode ? AuthenticateLocal(request) : await AuthenticateBearerAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private OrganizerAuthResult AuthenticateLocal(HttpRequest request)
    {
        if (_localKeyHash is null)
        {
            return OrganizerAuthResult.Unauthorized(
                "API Ban Tổ chức đang đóng: chưa cấu hình Organizer:LocalApiKey.",
                "The organizer API is closed: Organizer:LocalApiKey is not set.");
        }

        var sent = request.Headers[KeyHeader].ToString();
        if (sent.Length == 0)
        {
            return OrganizerAuthResult.Unauthorized($"Thiếu khóa {KeyHeader}.", $"The {KeyHeader} header is missing.");
        }

        // Hashes have one length, so the comparison time says nothing about the key.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), _localKeyHash)
            ? OrganizerAuthResult.Ok()
            : OrganizerAuthResult.Unauthorized($"Khóa {KeyHeader} không đúng.", $"The {KeyHeader} is wrong.");
    }

    private async Task<OrganizerAuthResult> AuthenticateBearerAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (_metadata is null || string.IsNullOrWhiteSpace(_options.Audience))
        {
            return OrganizerAuthResult.Unauthorized(
                "API Ban Tổ chức đang đóng: chưa cấu hình Organizer:Authority (hoặc Bot:TenantId).",
                "The organizer API is closed: Organizer:Authority (or Bot:TenantId) is not set.");
        }

        var header = request.Headers.Authorization.ToString().Trim();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return OrganizerAuthResult.Unauthorized("Cần đăng nhập (Bearer token của Entra ID).", "A bearer token from Entra ID is required.");
        }

        var token = header[7..].Trim();
        TokenValidationResult result;
        try
        {
            var configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
            result = await _handler.ValidateTokenAsync(token, Parameters(configuration)).ConfigureAwait(false);
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                // Keys rotate: fetch the metadata again (the manager limits how often) and try once more.
                _metadata.RequestRefresh();
                configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
                result = await _handler.ValidateTokenAsync(token, Parameters(configuration)).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException ex)
        {
            // The metadata could not be fetched: nobody can be verified now, which is a refusal, not a crash.
            LogMetadataFailed(_logger, ex);
            return OrganizerAuthResult.Unauthorized("Chưa xác minh được đăng nhập, vui lòng thử lại sau.", "Sign-in cannot be verified right now; try again later.");
        }

        if (!result.IsValid)
        {
            LogRejected(_logger, result.Exception?.GetType().Name ?? "invalid");
            return OrganizerAuthResult.Unauthorized("Token không hợp lệ hoặc đã hết hạn.", "The token is not valid or has expired.");
        }

        var roles = result.ClaimsIdentity.FindAll("roles").Concat(result.ClaimsIdentity.FindAll(ClaimTypes.Role)).Select(c => c.Value);
        return roles.Contains(OrganizerOptions.Role, StringComparer.Ordinal)
            ? OrganizerAuthResult.Ok(result.ClaimsIdentity)
            : OrganizerAuthResult.Forbidden("Tài khoản không có vai trò Ban Tổ chức (Organizer).", "The account does not have the Organizer role.");
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = configuration.Issuer,
        ValidateAudience = true,
        ValidAudiences = [_options.Audience, "api://" + _options.Audience],
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = _options.ClockSkew,

        // The built-in lifetime check reads the system clock; this one reads the TimeProvider.
        LifetimeValidator = ValidateLifetime,
        RequireSignedTokens = true,
        ValidAlgorithms = AllowedAlgorithms,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidateIssuerSigningKey = true,
    };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is not { } validTo)
        {
            throw new SecurityTokenNoExpirationException("token has no expiry");
        }

        var now = _time.GetUtcNow().UtcDateTime;
        if (notBefore is { } validFrom && validFrom > now.Add(parameters.ClockSkew))
        {
            throw new SecurityTokenNotYetValidException("token not yet valid") { NotBefore = validFrom };
        }

        if (validTo < now.Subtract(parameters.ClockSkew))
        {
            throw new SecurityTokenExpiredException("token expired") { Expires = validTo };
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organizer API: OpenID metadata unavailable")]
    private static partial void LogMetadataFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Organizer API: bearer token rejected ({Reason})")]
    private static partial void LogRejected(ILogger logger, string reason);
}

/// <summary>Runs <see cref="OrganizerAuthenticator"/> before every organizer endpoint; refusals are ProblemDetails, never exceptions.</summary>
internal sealed class OrganizerAuthFilter(OrganizerAuthenticator authenticator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await authenticator.AuthenticateAsync(http.Request, http.RequestAborted).ConfigureAwait(false);
        if (result.Succeeded)
        {
            if (result.Identity is not null)
            {
                http.User = new ClaimsPrincipal(result.Identity);
            }

            return await next(context).ConfigureAwait(false);
        }

        if (result.Status == StatusCodes.Status401Unauthorized)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return OrganizerProblems.Problem(result.Status, result.TitleVi, result.DetailEn);
    }
}

internal static class OrganizerProblems
{
    public static IResult Problem(int status, string titleVi, string detailEn, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: status, title: titleVi, detail: detailEn, extensions: extensions);
}
