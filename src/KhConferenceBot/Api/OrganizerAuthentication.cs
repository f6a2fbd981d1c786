using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Api;

/// <summary>
/// ASP.NET Core authentication for /api/organizer: an Entra bearer token when the bot has an identity, the
/// X-Organizer-Key in local mode. <see cref="Policy"/> (signed in) guards the route group; the per-conference routes add
/// <see cref="ConferencePolicies"/>, which read the caller's stored roles in the route's conference.
/// </summary>
public static partial class OrganizerAuthentication
{
    public const string Policy = "Organizer";

    /// <summary>The interactive API page: open to everyone in local mode, to organizers anywhere else.</summary>
    public const string PagePolicy = "OrganizerApiPage";

    /// <summary>Forwards to <see cref="EntraScheme"/> or, in local mode only, <see cref="KeyScheme"/>.</summary>
    public const string Scheme = "Organizer";

    public const string EntraScheme = JwtBearerDefaults.AuthenticationScheme;
    public const string KeyScheme = "OrganizerKey";
    public const string KeyHeader = "X-Organizer-Key";

    /// <summary>Entra puts app roles in "roles"; the local key grants the same claim.</summary>
    public const string RoleClaim = "roles";

    /// <summary>The refusal of a signed-in caller without the role the endpoint's conference asks for.</summary>
    internal const string ForbiddenVi = "Tài khoản không có quyền này trong hội nghị này.";
    internal const string ForbiddenEn = "The account does not have this role in this conference.";

    internal const string BackchannelName = "KhConferenceBot.OrganizerAuth";

    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    public static IServiceCollection AddOrganizerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OrganizerOptions>()
            .Bind(configuration.GetSection(OrganizerOptions.SectionName))
            .Validate(o => string.IsNullOrEmpty(o.LinkSigningKey) || o.LinkSigningKey.Length >= 32, "Organizer:LinkSigningKey must be at least 32 characters.")
            .Validate(o => string.IsNullOrEmpty(o.LocalApiKey) || o.LocalApiKey.Length >= 16, "Organizer:LocalApiKey must be at least 16 characters.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || o.MetadataAddress is not null, "Organizer:Authority must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<OrganizerOptions>, OrganizerOptionsSetup>();
        services.AddHttpClient(BackchannelName, c => c.Timeout = TimeSpan.FromSeconds(10));

        // No default scheme: only the organizer endpoints authenticate, so a Bot Connector token on /api/messages is
        // never sent to Entra's validation.
        services.AddAuthentication()
            .AddPolicyScheme(Scheme, "Organizer", o => o.ForwardDefaultSelector = http =>
                http.RequestServices.GetRequiredService<IOptions<OrganizerOptions>>().Value.IsLocalMode ? KeyScheme : EntraScheme)
            .AddJwtBearer(EntraScheme, _ => { })
            .AddScheme<AuthenticationSchemeOptions, OrganizerKeyHandler>(KeyScheme, null);
        services.AddOptions<JwtBearerOptions>(EntraScheme).Configure<IOptions<OrganizerOptions>, IHttpClientFactory, TimeProvider, ILoggerFactory>(ConfigureEntra);

        // Signing in is enough for the API as a whole (listing one's own conferences); what a caller may do in a
        // conference is the per-conference policies' to say (ConferencePolicies), from the stored roles.
        services.AddSingleton<IAuthorizationHandler, ConferenceRoleHandler>();
        services.AddSingleton<IAuthorizationHandler, ConferenceCreatorHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p
                .AddAuthenticationSchemes(Scheme)
                .RequireAuthenticatedUser())
            .AddPolicy(PagePolicy, p => p
                .AddAuthenticationSchemes(Scheme)
                .RequireAssertion(context =>
                    (context.Resource is HttpContext http && http.RequestServices.GetRequiredService<IOptions<OrganizerOptions>>().Value.IsLocalMode)
                    || context.User.Identity?.IsAuthenticated == true))
            .AddConferencePolicies();
        return services;
    }

    private static void ConfigureEntra(JwtBearerOptions jwt, IOptions<OrganizerOptions> organizerOptions, IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers)
    {
        var organizer = organizerOptions.Value;
        var logger = loggers.CreateLogger(typeof(OrganizerAuthentication).FullName!);
        if (organizer.MetadataAddress is { } address)
        {
            jwt.MetadataAddress = address.AbsoluteUri;

            // Plain http only for a loopback issuer (tests); anything else must be https.
            jwt.RequireHttpsMetadata = !address.IsLoopback;
        }

        jwt.Backchannel = httpClients.CreateClient(BackchannelName);
        jwt.MapInboundClaims = false;
        jwt.TimeProvider = time;
        string[] audiences = string.IsNullOrWhiteSpace(organizer.Audience) ? [] : [organizer.Audience, "api://" + organizer.Audience];
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidAudiences = audiences,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = organizer.ClockSkew,

            // The built-in lifetime check reads the system clock; this one reads the TimeProvider.
            LifetimeValidator = (notBefore, expires, _, parameters) => ValidateLifetime(time, notBefore, expires, parameters),
            RequireSignedTokens = true,
            ValidAlgorithms = AllowedAlgorithms,
            ValidateIssuerSigningKey = true,
            RoleClaimType = RoleClaim,
            NameClaimType = "name",
        };
        jwt.Events = new JwtBearerEvents
        {
            // Without a result here, an unreachable metadata endpoint would escape as an exception (a 500).
            OnAuthenticationFailed = context =>
            {
                LogRejected(logger, context.Exception.GetType().Name);
                context.Fail(context.Exception);
                return Task.CompletedTask;
            },
            OnChallenge = async context =>
            {
                context.HandleResponse();
                var (vi, en) = context.AuthenticateFailure switch
                {
                    null => ("Cần đăng nhập (Bearer token của Entra ID).", "A bearer token from Entra ID is required."),
                    InvalidOperationException => ("Chưa xác minh được đăng nhập, vui lòng thử lại sau.", "Sign-in cannot be verified right now; try again later."),
                    _ => ("Token không hợp lệ hoặc đã hết hạn.", "The token is not valid or has expired."),
                };
                context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, vi, en).ConfigureAwait(false);
            },
            OnForbidden = async context =>
                await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
                    ForbiddenVi, ForbiddenEn).ConfigureAwait(false),
        };
    }

    private static bool ValidateLifetime(TimeProvider time, DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters)
    {
        if (expires is not { } validTo)
        {
            throw new SecurityTokenNoExpirationException("token has no expiry");
        }

        var now = time.GetUtcNow().UtcDateTime;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Organizer API: bearer token rejected ({Reason})")]
    private static partial void LogRejected(ILogger logger, string reason);
}
