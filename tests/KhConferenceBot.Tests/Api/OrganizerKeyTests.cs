using System.Net;
using System.Text;
using System.Text.Json;
using KhConferenceBot.Api;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Api;

/// <summary>The organizer route group in local mode: the X-Organizer-Key scheme and the Organizer policy.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrganizerKeyTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Client(string? key = Key) => _host.CreateOrganizerClient(key);

    [Theory]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/delegates")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/attendance.csv")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/attendance.xlsx")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/questions.csv")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/questions.xlsx")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/invitations/plan")]
    [InlineData("/api/organizer/conferences/khanh-hoa-2023/status")]
    public async Task Get_NoKey_401ProblemWithChallengeSayingTheKeyIsMissing(string path)
    {
        using var response = await Client(key: null).GetAsync(new Uri(path, UriKind.Relative));

        var body = await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(OrganizerAuthentication.KeyScheme, response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Thiếu khóa X-Organizer-Key.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_WrongKey_401ProblemSayingTheKeyIsWrong()
    {
        using var response = await Client("not-the-organizer-key-at-all").GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates", UriKind.Relative));

        var body = await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Khóa X-Organizer-Key không đúng.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ValidKey_200()
    {
        using var response = await Client().GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/plan", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_WrongContentTypeAndNoKey_401BeforeAnythingElse()
    {
        using var content = new StringContent("{}", Encoding.UTF8, "application/json");

        using var response = await Client(key: null).PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates/import", UriKind.Relative), content);

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PostMessages_WithAnOrganizerKey_StillTheBotEndpointsOwnCheck()
    {
        // The organizer schemes run only where the policy asks for them: /api/messages never sees them.
        using var content = new StringContent("not json", Encoding.UTF8, "application/json");

        using var response = await Client().PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

/// <summary>Local mode without a configured key: the API is closed to everyone.</summary>
[Collection(StorageCollection.Name)]
public sealed class OrganizerKeyClosedTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anything-anybody-might-guess")]
    public async Task Get_NoKeyConfigured_401WhateverIsSent(string? key)
    {
        using var client = _host.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(OrganizerAuthentication.KeyHeader, key);
        }

        using var response = await client.GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/delegates", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Organizer:LocalApiKey", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
