using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Invitations;

[Collection(StorageCollection.Name)]
public sealed class InvitationApiTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "test-organizer-key-0123456789";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Organizer:LocalApiKey"] = Key });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("GET", "/api/organizer/conferences/khanh-hoa-2023/status")]
    [InlineData("GET", "/api/organizer/conferences/khanh-hoa-2023/invitations/plan")]
    [InlineData("POST", "/api/organizer/conferences/khanh-hoa-2023/invitations/send")]
    [InlineData("POST", "/api/organizer/conferences/khanh-hoa-2023/reminders")]
    public async Task Call_WithoutOrganizerKey_Refused(string method, string path)
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Organizer-Key", "wrong-key-wrong-key-wrong");

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task SendTwice_SampleDelegates_QueuesEachDelegateWithTeamsOnce()
    {
        using var client = Organizer();

        var plan = await client.GetFromJsonAsync<InvitationPlanDto>("/api/organizer/conferences/khanh-hoa-2023/invitations/plan");
        var first = await (await client.PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/send", UriKind.Relative), null)).Content.ReadFromJsonAsync<InvitationSendDto>();
        var second = await (await client.PostAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/send", UriKind.Relative), null)).Content.ReadFromJsonAsync<InvitationSendDto>();

        Assert.Equal(41, plan!.Recipients);
        Assert.Equal(5, first!.Queued);
        Assert.Equal(36, first.WithoutTeamsAccount.Count);
        Assert.Equal(0, second!.Queued);
        Assert.Equal(5, second.AlreadyQueuedOrSent);
    }

    [Fact]
    public async Task Plan_UnknownGroup_400ListingValidGroups()
    {
        using var client = Organizer();

        using var response = await client.GetAsync(new Uri("/api/organizer/conferences/khanh-hoa-2023/invitations/plan?group=khong-co", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("huyen", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Sample_CountsAgainstCapacity()
    {
        using var client = Organizer();

        var status = await client.GetFromJsonAsync<StatusDto>("/api/organizer/conferences/khanh-hoa-2023/status");

        // 41 on the list; the 9 district contacts register leaders rather than answer, so they are not counted as delegates.
        Assert.Equal(32, status!.Total);
        Assert.Equal(status.Total, status.Attending + status.Substitutes + status.Declined + status.RegisteredLeaders + status.NoAnswer);
        Assert.Equal(200, status.Capacity);
        Assert.Equal(status.Total, status.ByGroup.Sum(g => g.Total));
    }

    [Fact]
    public async Task Preview_SummonedDelegate_ReturnsTheirSummonsCard()
    {
        using var client = Organizer();

        var card = await client.GetFromJsonAsync<JsonElement>("/api/organizer/conferences/khanh-hoa-2023/invitations/preview/hung.nguyen@khanhhoa.example");

        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Contains("GIẤY TRIỆU TẬP", card.GetRawText(), StringComparison.Ordinal);
    }

    private HttpClient Organizer()
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Organizer-Key", Key);
        return client;
    }
}
