using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Api;

/// <summary>
/// Local mode only: X-Organizer-Key equal to Organizer:LocalApiKey signs the caller in as the first of Conference:Organizers. Without a configured
/// key the API stays closed; with a bot identity this scheme accepts nobody (the policy scheme never picks it then).
/// </summary>
internal sealed class OrganizerKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<OrganizerOptions> organizer,
    IOptions<ConferenceOptions> conference)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>Who the key stands for, as the workspace's header names it (the claim holds the Vietnamese).</summary>
    public static readonly BilingualText LocalName = new("Ban Tổ chức (khóa cục bộ)", "Organizers (local key)");

    private const string NotConfigured = "not-configured";
    private const string WrongKey = "wrong-key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var settings = organizer.Value;
        if (!settings.IsLocalMode)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (string.IsNullOrEmpty(settings.LocalApiKey))
        {
            return Task.FromResult(AuthenticateResult.Fail(NotConfigured));
        }

        var sent = Request.Headers[OrganizerAuthentication.KeyHeader].ToString();
        if (sent.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Hashes have one length, so the comparison time says nothing about the key.
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), SHA256.HashData(Encoding.UTF8.GetBytes(settings.LocalApiKey))))
        {
            return Task.FromResult(AuthenticateResult.Fail(WrongKey));
        }

        // The key acts as the first configured creator, so the per-conference roles apply to it as to a signed-in person.
        List<Claim> claims = [new Claim("name", LocalName.Vi), new Claim(OrganizerAuthentication.RoleClaim, OrganizerOptions.Role)];
        if (conference.Value.Organizers.FirstOrDefault(o => !string.IsNullOrWhiteSpace(o)) is { } person)
        {
            claims.Add(new Claim(ConferenceRoles.ObjectIdClaim, person.Trim()));
        }

        var identity = new ClaimsIdentity(claims, Scheme.Name, "name", OrganizerAuthentication.RoleClaim);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false);
        var (vi, en) = result.Failure?.Message switch
        {
            NotConfigured => ("API Ban Tổ chức đang đóng: chưa cấu hình Organizer:LocalApiKey.", "The organizer API is closed: Organizer:LocalApiKey is not set."),
            WrongKey => ($"Khóa {OrganizerAuthentication.KeyHeader} không đúng.", $"The {OrganizerAuthentication.KeyHeader} is wrong."),
            _ => ($"Thiếu khóa {OrganizerAuthentication.KeyHeader}.", $"The {OrganizerAuthentication.KeyHeader} header is missing."),
        };
        Response.Headers.WWWAuthenticate = $"{OrganizerAuthentication.KeyScheme} header=\"{OrganizerAuthentication.KeyHeader}\"";
        await ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, vi, en).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden,
            OrganizerAuthentication.ForbiddenVi, OrganizerAuthentication.ForbiddenEn).ConfigureAwait(false);
}
