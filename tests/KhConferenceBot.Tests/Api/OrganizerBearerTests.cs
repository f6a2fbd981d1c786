using System.Net;
using System.Net.Http.Headers;
using KhConferenceBot.Api;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Delegates;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Api;

/// <summary>The organizer API with a bot identity: Entra bearer tokens with the Organizer app role, from a local issuer.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrganizerBearerTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly TestIssuer _issuer = new();
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await _issuer.InitializeAsync();
        var settings = _issuer.HostSettings;
        settings["Organizer:LocalApiKey"] = "local-organizer-key-0123456789";
        settings["Organizer:LinkSigningKey"] = "a-signing-key-of-at-least-32-characters!";
        _host = await BotTestHost.StartAsync(storage, settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string? bearer, string? key = null)
    {
        using var client = _host.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(OrganizerAuthentication.KeyHeader, key);
        }

        return await client.GetAsync(new Uri("/api/organizer/delegates", UriKind.Relative));
    }

    [Fact]
    public async Task Get_OrganizerRole_200()
    {
        using var response = await GetAsync(_issuer.Token(_host.Time, roles: ["Organizer"]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_ApiUriAudience_200()
    {
        using var response = await GetAsync(_issuer.Token(_host.Time, roles: ["Reader", "Organizer"], audience: "api://" + TestIssuer.AppId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_NoToken_401WithBearerChallenge()
    {
        using var response = await GetAsync(bearer: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_LocalKeyWhenBotHasIdentity_401()
    {
        using var response = await GetAsync(bearer: null, key: "local-organizer-key-0123456789");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_ForgedSignature_401()
    {
        using var response = await GetAsync(_issuer.Token(_host.Time, roles: ["Organizer"], forged: true));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_Garbage_401()
    {
        using var response = await GetAsync("not.a.jwt");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_OtherAudience_401()
    {
        using var response = await GetAsync(_issuer.Token(_host.Time, roles: ["Organizer"], audience: "00000000-0000-0000-0000-000000000999"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_ExpiredOnTheHostClock_401()
    {
        var token = _issuer.Token(_host.Time, roles: ["Organizer"], lifetime: TimeSpan.FromMinutes(10));
        _host.Time.Advance(TimeSpan.FromMinutes(16));

        using var response = await GetAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Get_ValidTokenWithoutOrganizerRole_403Problem()
    {
        using var response = await GetAsync(_issuer.Token(_host.Time, roles: ["Delegate"]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Organizer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ValidTokenWithNoRolesAtAll_403()
    {
        using var response = await GetAsync(_issuer.Token(_host.Time));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ApiPage_NoToken_401()
    {
        using var response = await _host.CreateClient().GetAsync(new Uri("/scalar/v1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ApiPage_OrganizerToken_200()
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.Token(_host.Time, roles: ["Organizer"]));

        using var response = await client.GetAsync(new Uri("/scalar/v1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
