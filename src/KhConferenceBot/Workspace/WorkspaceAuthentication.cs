using System.Security.Claims;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Workspace;

/// <summary>
/// The workspace's own sign-in: a cookie, issued once from the credential the organizer API already trusts (the Teams
/// SSO token, validated as an Entra token for the app, or the local key in local mode). The page sends that credential
/// in a header from script, so a sign-in cannot be forged by another site's form.
/// </summary>
public static partial class WorkspaceAuthentication
{
    public const string Scheme = "Workspace";
    public const string Policy = "Workspace";
    public const string SignInPath = WorkspaceRoutes.Root + "/signin";
    public const string SignOutPath = WorkspaceRoutes.Root + "/signout";

    /// <summary>Where the sign-in page posts the credential (the page's own address answers POST as a Blazor form).</summary>
    public const string SessionPath = WorkspaceRoutes.Root + "/session";

    public static IServiceCollection AddWorkspaceAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "khcb-workspace";
            o.Cookie.HttpOnly = true;
            // "/" rather than /organizer: the live connection (/_blazor) must carry it too.
            o.Cookie.Path = "/";
            o.LoginPath = SignInPath;
            o.AccessDeniedPath = SignInPath + "?denied=1";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });

        // Inside Teams the tab is a frame of another site: its cookie must be SameSite=None, which browsers accept only
        // when Secure. Local mode serves plain http on loopback, where a same-site cookie is what works.
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<OrganizerOptions>>((cookie, organizer) =>
        {
            var local = organizer.Value.IsLocalMode;
            cookie.Cookie.SameSite = local ? SameSiteMode.Lax : SameSiteMode.None;
            cookie.Cookie.SecurePolicy = local ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser());
        return services;
    }

    /// <summary>POST /organizer/session (credential in a header) and POST /organizer/signout.</summary>
    public static IEndpointRouteBuilder MapWorkspaceSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SessionPath, SignInAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        endpoints.MapPost(SignOutPath, (Delegate)SignOutAsync)
            .RequireAuthorization(Policy)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// Authenticates the request with the organizer API's scheme (Entra bearer, or X-Organizer-Key in local mode) and
    /// turns the result into the workspace cookie. Who may see which conference is decided later, per conference.
    /// </summary>
    internal static async Task<Results<NoContent, ProblemHttpResult>> SignInAsync(HttpContext http, ILoggerFactory loggers)
    {
        var result = await http.AuthenticateAsync(OrganizerAuthentication.Scheme).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            LogRefused(loggers.CreateLogger(typeof(WorkspaceAuthentication).FullName!), result.Failure?.Message ?? "no credential");
            return ApiProblems.Of(StatusCodes.Status401Unauthorized,
                "Chưa đăng nhập được. Mở Bảng điều khiển từ ứng dụng Hội nghị trong Teams, hoặc nhập khóa Ban Tổ chức (chế độ cục bộ).",
                "Sign-in failed: open the workspace from the conference app in Teams, or enter the organizer key (local mode).");
        }

        await http.SignInAsync(Scheme, WorkspacePrincipal(result.Principal)).ConfigureAwait(false);
        return TypedResults.NoContent();
    }

    internal static async Task<RedirectHttpResult> SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(Scheme).ConfigureAwait(false);
        return TypedResults.LocalRedirect(SignInPath + "?signedout=1");
    }

    /// <summary>Only what the workspace needs: who (the object id the per-conference roles are keyed by, the name) and the app roles; the token itself is not kept.</summary>
    internal static ClaimsPrincipal WorkspacePrincipal(ClaimsPrincipal source)
    {
        var kept = source.Claims
            .Where(c => c.Type is ConferenceRoles.ObjectIdClaim or "name" or "preferred_username" or "tid" or ConferenceRoles.AppRoleClaim)
            .Select(c => new Claim(c.Type, c.Value));
        return new ClaimsPrincipal(new ClaimsIdentity(kept, Scheme, "name", ConferenceRoles.AppRoleClaim));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace sign-in refused ({Reason})")]
    private static partial void LogRefused(ILogger logger, string reason);
}
