using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Hosting;

/// <summary>Storage goes away under a running bot (a cut or frozen proxy in front of Azurite, never Azurite stopped).</summary>
[Collection(StorageCollection.Name)]
public sealed class StorageOutageTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string Key = "local-organizer-key-0123456789";
    private StorageProxy _proxy = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _proxy = StorageProxy.InFrontOf(storage);
        _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _proxy.ConnectionString,
            ["Organizer:LocalApiKey"] = Key,
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", "/api/organizer/conferences/khanh-hoa-2023/delegates")]
    [InlineData("GET", "/api/organizer/conferences/khanh-hoa-2023/status")]
    [InlineData("GET", "/api/organizer/conferences/khanh-hoa-2023/invitations/plan")]
    [InlineData("POST", "/api/organizer/conferences/khanh-hoa-2023/reminders")]
    [InlineData("GET", "/api/organizer/conferences/khanh-hoa-2023/attendance.xlsx")]
    [InlineData("GET", "/api/organizer/conferences/khanh-hoa-2023/questions.csv")]
    [InlineData("POST", "/api/organizer/conferences/khanh-hoa-2023/delegates/import")]
    public async Task OrganizerApi_StorageRefusesConnections_503InVietnameseWithRetryAfter(string method, string path)
    {
        _proxy.Cut();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST" && path.EndsWith("import", StringComparison.Ordinal))
        {
            request.Content = new ByteArrayContent(Delegates.DelegateTestData.Csv(Delegates.DelegateTestData.Lines(Delegates.DelegateTestData.EnglishHeader, "Nguyễn Văn An,,,so-nganh,an@khanhhoa.example,,")));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        }

        using var response = await _host.CreateOrganizerClient(Key).SendAsync(request);

        var body = await OrganizerApiClient.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        Assert.Contains("Kho dữ liệu tạm thời không truy cập được", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_StorageRefusesConnections_StillAlive()
    {
        _proxy.Cut();

        using var response = await _host.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Readyz_StorageRefusesConnections_503NamingStorage()
    {
        _proxy.Cut();

        using var response = await _host.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["storage"], body.RootElement.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Readyz_StorageFrozen_AnswersWhenTheTwoSecondsRunOutOnTheHostClock()
    {
        _proxy.Freeze();

        var pending = _host.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative));
        // The readiness probe's own request (GetProperties: "comp=properties"): a background loop's request may be
        // swallowed first, and advancing the clock before the probe's timer exists would leave it waiting for ever.
        await _proxy.FrozenRequestContaining("comp=properties");
        _host.Time.Advance(TimeSpan.FromSeconds(2));
        using var response = await pending;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["storage"], body.RootElement.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("no answer within 2 s", body.RootElement.GetProperty("checks").GetProperty("storage").GetString());
    }
}
