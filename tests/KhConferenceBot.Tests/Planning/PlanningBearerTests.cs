using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Plans;

namespace KhConferenceBot.Tests.Planning;

/// <summary>
/// Who may create conferences, with the bot's real identity: Entra bearer tokens from the local issuer. Only people on
/// Conference:Organizers (a0 here) or holding the app role Conference.Create read plans and create conferences.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class PlanningBearerTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = ConferenceJson.Options;
    private readonly TestIssuer _issuer = new();
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await _issuer.InitializeAsync();
        var settings = _issuer.HostSettings;
        settings["Organizer:LinkSigningKey"] = "a-signing-key-of-at-least-32-characters!";
        _host = await BotTestHost.StartAsync(storage, settings);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    /// <summary>Hùng (a1) is on no list; "Organizer" is an app role too, but not the one that creates conferences.</summary>
    public static TheoryData<string[]> NotCreatorRoles => new() { Array.Empty<string>(), new[] { "Organizer" } };

    [Theory]
    [MemberData(nameof(NotCreatorRoles))]
    public async Task CreateConference_NeitherConfiguredNorConferenceCreateRole_403AndNothingCreated(string[] roles)
    {
        var before = (await _host.Service<ConferenceDirectory>().ListAsync(CancellationToken.None)).Count;

        using var response = await Client(_issuer.Token(_host.Time, roles, objectId: TestUsers.Hung.AadObjectId))
            .PostAsJsonAsync("/api/organizer/conferences", new CreateConferenceRequest { Conference = SeedForm() }, Json);

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(before, (await _host.Service<ConferenceDirectory>().ListAsync(CancellationToken.None)).Count);
    }

    [Theory]
    [MemberData(nameof(NotCreatorRoles))]
    public async Task ReadPlan_NeitherConfiguredNorConferenceCreateRole_403(string[] roles)
    {
        using var response = await Client(_issuer.Token(_host.Time, roles, objectId: TestUsers.Hung.AadObjectId))
            .PostAsync(new Uri("/api/organizer/plans", UriKind.Relative), PlanText());

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CreateConference_ConferenceCreateAppRole_201AndTheCallerOrganizesIt()
    {
        using var response = await Client(_issuer.Token(_host.Time, [ConferenceRoles.CreatorAppRole], objectId: TestUsers.Hung.AadObjectId))
            .PostAsJsonAsync("/api/organizer/conferences", new CreateConferenceRequest { Id = "chi-so-bearer-2026", Conference = SeedForm() }, Json);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = (await _host.Service<ConferenceDirectory>().GetAsync("chi-so-bearer-2026", CancellationToken.None))!;
        Assert.Equal((ConferenceState.Draft, TestUsers.Hung.AadObjectId), (stored.State, stored.CreatedBy));
        Assert.Equal(ConferenceRole.Organizer, await _host.Service<ConferenceRoles>().GetAsync(stored.Id, TestUsers.Hung.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public async Task ReadPlan_ConferenceCreateAppRole_200Draft()
    {
        using var response = await Client(_issuer.Token(_host.Time, [ConferenceRoles.CreatorAppRole], objectId: TestUsers.Hung.AadObjectId))
            .PostAsync(new Uri("/api/organizer/plans", UriKind.Relative), PlanText());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(9, (await response.Content.ReadFromJsonAsync<PlanReview>(Json))!.Form.Agenda.Count);
    }

    [Fact]
    public async Task ReadPlan_ConfiguredCreatorWithoutAppRoles_200()
    {
        using var response = await Client(_issuer.Token(_host.Time, objectId: TestUsers.Organizer.AadObjectId))
            .PostAsync(new Uri("/api/organizer/plans", UriKind.Relative), PlanText());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static ConferenceForm SeedForm() => ConferenceForm.FromDraft(PlanReader.ReadText(PlanBuilder.SeedText).Draft!) with { Date = new DateOnly(2026, 12, 10) };

    private static StringContent PlanText() => new(PlanBuilder.SeedText, Encoding.UTF8, "text/plain");

    private HttpClient Client(string bearer)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }
}
