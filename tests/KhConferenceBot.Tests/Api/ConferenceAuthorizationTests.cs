using System.Net;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Api;

/// <summary>
/// The per-conference policies: the route's conference is checked against the caller's stored roles, so an organizer
/// of one conference reads nothing of another. The local key acts as the first configured creator (TestUsers.Organizer).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ConferenceAuthorizationTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("delegates")]
    [InlineData("status")]
    [InlineData("attendance.csv")]
    [InlineData("invitations/plan")]
    public async Task Get_OtherConferencesRoute_403(string path)
    {
        var other = await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);

        using var response = await _host.CreateOrganizerClient(Key).GetAsync(new Uri($"/api/organizer/conferences/{other.Id}/{path}", UriKind.Relative));

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_OwnSecondConference_200WithItsOwnDelegatesOnly()
    {
        var other = await new ConferenceBuilder().OrganizedBy(TestUsers.Organizer).CreateAsync(_host);

        using var response = await _host.CreateOrganizerClient(Key).GetAsync(new Uri($"/api/organizer/conferences/{other.Id}/delegates", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("khong-co")]
    [InlineData("KHANH-HOA-2023")]
    [InlineData("a%2Fb")]
    public async Task Get_UnknownConference_403WithoutSayingWhetherItExists(string conferenceId)
    {
        using var response = await _host.CreateOrganizerClient(Key).GetAsync(new Uri($"/api/organizer/conferences/{conferenceId}/status", UriKind.Relative));

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Get_RoleStoredForAConferenceThatIsGone_404()
    {
        await _host.Service<ConferenceRoles>().GrantAsync("da-xoa", TestUsers.Organizer.AadObjectId, ConferenceRole.Organizer, null, null, null, CancellationToken.None);

        using var response = await _host.CreateOrganizerClient(Key).GetAsync(new Uri("/api/organizer/conferences/da-xoa/status", UriKind.Relative));

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_ReceptionStaff_403OnOrganizerRoutes()
    {
        var other = await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);
        await _host.Service<ConferenceRoles>().GrantAsync(other.Id, TestUsers.Organizer.AadObjectId, ConferenceRole.Reception, null, null, TestUsers.ThuHa.AadObjectId, CancellationToken.None);

        using var response = await _host.CreateOrganizerClient(Key).GetAsync(new Uri($"/api/organizer/conferences/{other.Id}/delegates", UriKind.Relative));

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }
}
