using System.Net;
using System.Net.Http.Json;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Api;

/// <summary>The conference list, people (organizers, reception) and lifecycle state through the organizer API.</summary>
[Collection(StorageCollection.Name)]
public sealed class ConferencePeopleApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private const string People = "/api/organizer/conferences/khanh-hoa-2023/people";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private HttpClient Client() => _host.CreateOrganizerClient(Key);

    [Fact]
    public async Task ListConferences_OnlyTheCallersOwn()
    {
        await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);
        var own = await new ConferenceBuilder().WithId("cam-ranh-2026").OrganizedBy(TestUsers.Organizer).CreateAsync(_host);

        var list = await Client().GetFromJsonAsync<List<ConferenceListItem>>("/api/organizer/conferences");

        Assert.Equal([own.Id, BotTestHost.SampleId], list!.Select(c => c.Id).Order(StringComparer.Ordinal));
        Assert.All(list!, c => Assert.Equal(["organizer"], c.Roles));
    }

    [Fact]
    public async Task GrantReception_ByObjectId_ListedAndHoldsTheRole()
    {
        using var response = await Client().PostAsJsonAsync(People, new RoleGrantRequest(TestUsers.Hung.AadObjectId, null, "Nguyễn Văn Hùng", "reception"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var people = await Client().GetFromJsonAsync<List<ConferenceMemberDto>>(People);
        Assert.Contains(people!, p => p.AadObjectId == TestUsers.Hung.AadObjectId && p.Roles.SequenceEqual(["reception"]) && p.GrantedBy == TestUsers.Organizer.AadObjectId);
        Assert.Equal(ConferenceRole.Reception, await _host.Service<ConferenceRoles>().GetAsync(BotTestHost.SampleId, TestUsers.Hung.AadObjectId, CancellationToken.None));
    }

    [Theory]
    [InlineData("{\"aadObjectId\":\"not-a-guid\",\"role\":\"organizer\"}")]
    [InlineData("{\"aadObjectId\":\"00000000-0000-0000-0000-0000000000a1\",\"role\":\"admin\"}")]
    [InlineData("{\"email\":\"hung.nguyen@khanhhoa.example\",\"role\":\"organizer\"}")]
    [InlineData("{\"role\":\"organizer\"}")]
    public async Task Grant_BadRequest_400InVietnamese(string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await Client().PostAsync(new Uri(People, UriKind.Relative), content);

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RevokeLastOrganizer_409AndStillOrganizer()
    {
        using var response = await Client().DeleteAsync(new Uri($"{People}/{TestUsers.Organizer.AadObjectId}/organizer", UriKind.Relative));

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(ConferenceRole.Organizer, await _host.Service<ConferenceRoles>().GetAsync(BotTestHost.SampleId, TestUsers.Organizer.AadObjectId, CancellationToken.None));
    }

    [Fact]
    public async Task State_HeldThenBackToOpen_ForwardOnlyAndInvitationsRefusedOnceHeld()
    {
        using var held = await Client().PostAsJsonAsync("/api/organizer/conferences/khanh-hoa-2023/state", new StateChangeRequest("held"));
        using var back = await Client().PostAsJsonAsync("/api/organizer/conferences/khanh-hoa-2023/state", new StateChangeRequest("open"));
        using var send = await Client().PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/send", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        await OrganizerApiClient.AssertProblemAsync(back, HttpStatusCode.Conflict);
        var body = await OrganizerApiClient.AssertProblemAsync(send, HttpStatusCode.Conflict);
        Assert.Contains("đã diễn ra", body, StringComparison.Ordinal);
        Assert.Equal(ConferenceState.Held, (await _host.SampleConferenceAsync()).State);
    }

    [Fact]
    public async Task SendInvitations_DraftConference_409()
    {
        var draft = await new ConferenceBuilder().InState(ConferenceState.Draft).OrganizedBy(TestUsers.Organizer).CreateAsync(_host);

        using var response = await Client().PostAsync(new Uri($"/api/organizer/conferences/{draft.Id}/invitations/send", UriKind.Relative), null);

        var body = await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("soạn thảo", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_ClosedConference_RefusedAndNothingRecorded()
    {
        var stored = await _host.SampleStoredAsync();
        stored.Conference.State = ConferenceState.Closed;
        Assert.True(await _host.Service<ConferenceDirectory>().TryReplaceAsync(stored.Conference, stored.ETag, CancellationToken.None));

        var response = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, KhConferenceBot.Features.Invitations.InvitationCards.AttendVerb,
            new Dictionary<string, string> { ["conferenceId"] = BotTestHost.SampleId, ["delegateId"] = "hung.nguyen@khanhhoa.example" }));

        Assert.Equal(409, response.GetProperty("statusCode").GetInt32());
        Assert.Contains("đã kết thúc", response.GetProperty("value").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _host.Service<KhConferenceBot.Features.Attendance.IRsvpStore>().ListAsync(BotTestHost.SampleId, CancellationToken.None));
    }
}
