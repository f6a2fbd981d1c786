using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.CheckIn.CheckInTestData;

namespace KhConferenceBot.Tests.CheckIn;

/// <summary>The desk's HTTP API: reception of the route's conference only, one check-in per person however many desks scan.</summary>
[Collection(StorageCollection.Name)]
public sealed class DeskApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Uri Desk(string conferenceId, string path) => new($"/api/organizer/conferences/{conferenceId}/checkin/{path}", UriKind.Relative);

    [Fact]
    public async Task Scan_SamePassFromTwoDesksAtOnce_OneCheckedInOneAlready()
    {
        var pass = await ConfirmedPassAsync(_host, HungId);
        using var desk1 = _host.CreateOrganizerClient(Key);
        using var desk2 = _host.CreateOrganizerClient(Key);

        var responses = await Task.WhenAll(
            desk1.PostAsJsonAsync(Desk(ConferenceId, "scan"), new DeskScanRequest(pass.Token, "Bàn 1")),
            desk2.PostAsJsonAsync(Desk(ConferenceId, "scan"), new DeskScanRequest(pass.Code, "Bàn 2")));
        var answers = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<DeskAnswer>()));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(answers, a => a!.Status == "checkedIn");
        Assert.Single(answers, a => a!.Status == "alreadyCheckedIn");
        Assert.Equal("Ban Tổ chức (khóa cục bộ)", (await _host.Service<CheckInStore>().GetCheckInAsync(ConferenceId, HungId, CancellationToken.None))!.By);
        using var headcount = await desk1.GetAsync(Desk(ConferenceId, "headcount"));
        var count = await headcount.Content.ReadFromJsonAsync<HeadcountView>();
        Assert.Equal(1, count!.ConfirmedPresent);
    }

    [Fact]
    public async Task Scan_ReceptionOfOneConferenceOnly_403AtAnother()
    {
        var staffed = await new ConferenceBuilder().OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);
        var foreign = await new ConferenceBuilder().WithId("hoi-nghi-khong-phu-trach").OrganizedBy(TestUsers.ThuHa).CreateAsync(_host);
        await _host.Service<ConferenceRoles>().GrantAsync(staffed.Id, TestUsers.Organizer.AadObjectId, ConferenceRole.Reception, null, null, TestUsers.ThuHa.AadObjectId, CancellationToken.None);
        using var client = _host.CreateOrganizerClient(Key);

        using var allowed = await client.PostAsJsonAsync(Desk(staffed.Id, "scan"), new DeskScanRequest("ZZZ222", "Bàn 1"));
        using var refused = await client.PostAsJsonAsync(Desk(foreign.Id, "scan"), new DeskScanRequest("ZZZ222", "Bàn 1"));

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("unknown", (await allowed.Content.ReadFromJsonAsync<DeskAnswer>())!.Code);
        await OrganizerApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Scan_WithoutKey_401NothingRecorded()
    {
        var pass = await ConfirmedPassAsync(_host, HungId);

        using var response = await _host.CreateOrganizerClient(null).PostAsJsonAsync(Desk(ConferenceId, "scan"), new DeskScanRequest(pass.Code, "Bàn 1"));

        await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Null(await _host.Service<CheckInStore>().GetCheckInAsync(ConferenceId, HungId, CancellationToken.None));
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"text\": 12}")]
    public async Task Scan_BrokenBody_400(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await _host.CreateOrganizerClient(Key).PostAsync(Desk(ConferenceId, "scan"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WalkInAndSearch_ThroughApi_RecordedAndFound()
    {
        await ConfirmedPassAsync(_host, TuanId);
        using var client = _host.CreateOrganizerClient(Key);

        using var walkIn = await client.PostAsJsonAsync(Desk(ConferenceId, "walk-ins"), new DeskWalkInRequest("Trần Văn Khách", null, "Sở Xây dựng", "Bàn 3"));
        using var search = await client.GetAsync(Desk(ConferenceId, "search?q=pham%20minh"));
        var found = await search.Content.ReadFromJsonAsync<JsonElement>();
        using var byName = await client.PostAsJsonAsync(Desk(ConferenceId, $"people/{Uri.EscapeDataString(TuanId)}"), new DeskPersonRequest("Bàn 3"));
        using var hall = await client.GetAsync(Desk(ConferenceId, "hall-code"));

        Assert.True((await walkIn.Content.ReadFromJsonAsync<DeskAnswer>())!.Person!.IsWalkIn);
        Assert.Equal("Phạm Minh Tuấn", found[0].GetProperty("name").GetString());
        Assert.Equal("checkedIn", (await byName.Content.ReadFromJsonAsync<DeskAnswer>())!.Status);
        Assert.Matches("^[0-9]{6}$", (await hall.Content.ReadFromJsonAsync<HallCodeView>())!.Code);
    }
}
