using System.Net;
using System.Net.Http.Headers;
using KhConferenceBot.Api;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Delegates;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Api;

/// <summary>The organizer API with a bot identity: Entra bearer tokens from a local issuer; the roles that count are the stored ones of the route's conference.</summary>
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

        return await client.GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates", UriKind.Relative));
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
    public async Task Get_OrganizerAppRoleButNoRoleInTheConference_403Problem()
    {
        using var response = await GetAsync(_issuer.Token(_host.Time, roles: ["Organizer"], objectId: TestUsers.Stranger.AadObjectId));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("không có quyền", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ConferenceOrganizerWithNoAppRolesAtAll_200()
    {
        // What a person may do in a conference is stored per conference; the token only says who they are.
        using var response = await GetAsync(_issuer.Token(_host.Time));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_RoleGrantedAfterStart_200()
    {
        var token = _issuer.Token(_host.Time, objectId: TestUsers.Hung.AadObjectId);
        using var before = await GetAsync(token);
        await _host.Service<KhConferenceBot.Conferences.ConferenceRoles>().GrantAsync(
            "khanh-hoa-2023", TestUsers.Hung.AadObjectId, KhConferenceBot.Conferences.ConferenceRole.Organizer, TestUsers.Hung.Name, null, TestUsers.Organizer.AadObjectId, CancellationToken.None);

        using var after = await GetAsync(token);

        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
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
