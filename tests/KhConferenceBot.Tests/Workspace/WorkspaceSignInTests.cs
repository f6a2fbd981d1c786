using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using KhConferenceBot.Api;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Workspace;
using Microsoft.AspNetCore.Mvc.Testing;

namespace KhConferenceBot.Tests.Workspace;

/// <summary>
/// The workspace's sign-in with a bot identity: the Teams SSO token (an Entra token for the app, from a local issuer)
/// becomes the workspace cookie; anything else is refused and opens nothing.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class WorkspaceSignInTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestIssuer _issuer = new();
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await _issuer.InitializeAsync();
        var settings = _issuer.HostSettings;
        settings["Organizer:LocalApiKey"] = "local-organizer-key-0123456789";
        settings["Organizer:LinkSigningKey"] = "a-signing-key-of-at-least-32-characters!";
        settings["Conference:PublicBaseUrl"] = "https://khcb.example";
        _host = await BotTestHost.StartAsync(storage, settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    // https: the cookie is Secure outside local mode, and a cookie container sends it only over https.
    private HttpClient Browser() => _host.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/"), AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string? bearer = null, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WorkspaceAuthentication.SessionPath);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (key is not null)
        {
            request.Headers.Add(OrganizerAuthentication.KeyHeader, key);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task SignIn_TeamsSsoToken_CookieOpensWorkspace()
    {
        using var client = Browser();

        using var signIn = await SignInAsync(client, bearer: _issuer.Token(_host.Time, audience: "api://" + TestIssuer.AppId));
        using var page = await client.GetAsync(new Uri(WorkspaceRoutes.Conference("khanh-hoa-2023"), UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        // Inside Teams the tab is a frame of another site: only a SameSite=None; Secure cookie reaches it there.
        Assert.Contains("samesite=none", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignIn_ForgedToken_401AndWorkspaceStaysClosed()
    {
        using var client = Browser();

        using var signIn = await SignInAsync(client, bearer: _issuer.Token(_host.Time, forged: true));
        using var page = await client.GetAsync(new Uri(WorkspaceRoutes.Root, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
        Assert.Contains("Chưa đăng nhập được", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(WorkspaceAuthentication.SignInPath, page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_LocalKeyWhenBotHasIdentity_401()
    {
        using var client = Browser();

        using var signIn = await SignInAsync(client, key: "local-organizer-key-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Open_FromAnotherSiteFrame_OnlyTeamsMayFrameIt()
    {
        using var client = Browser();

        using var page = await client.GetAsync(new Uri(WorkspaceAuthentication.SignInPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'self' https://teams.microsoft.com", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestTab_ContentUrl_IsTheWorkspaceRoute()
    {
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "manifest", "manifest.template.json")))!;
        var contentUrl = (string)manifest["staticTabs"]![0]!["contentUrl"]!;
        var path = new Uri(contentUrl.Replace("${{KHCB_DOMAIN}}", "khcb.example", StringComparison.Ordinal)).AbsolutePath;
        using var client = Browser();

        using var page = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(WorkspaceRoutes.Root, path);
        // Not signed in yet: sent to the sign-in page, which the Teams SSO script runs on (not a 404).
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(WorkspaceAuthentication.SignInPath, page.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }
}
