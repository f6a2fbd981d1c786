using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace KhConferenceBot.Testing;

/// <summary>
/// Entra ID's client-credentials token route for loopback fakes. Azure.Identity only talks to an https authority, so a
/// fake that serves it listens on https too (with <see cref="TestCertificate"/>), next to its plain http port.
/// </summary>
public static class FakeEntraToken
{
    public const string Route = "/{tenant}/oauth2/v2.0/token";

    /// <summary>Listens on two free loopback ports: http for the fake's own routes, https for the token route.</summary>
    public static void ListenHttpAndHttps(IWebHostBuilder web)
    {
        ArgumentNullException.ThrowIfNull(web);
        web.UseKestrelHttpsConfiguration();
        web.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificate.Instance));
        });
    }

    public static IResult Issue(string accessToken) =>
        Results.Json(new { token_type = "Bearer", access_token = accessToken, expires_in = 3600, ext_expires_in = 3600 });

    /// <summary>The root of the fake's plain http port.</summary>
    public static string HttpRoot(WebApplication app) => Root(app, "http://");

    /// <summary>The Bot:AuthorityHost of the fake.</summary>
    public static Uri AuthorityHost(WebApplication app) => new(Root(app, "https://") + "/");

    private static string Root(WebApplication app, string scheme)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Urls.First(u => u.StartsWith(scheme, StringComparison.Ordinal)).TrimEnd('/');
    }
}
