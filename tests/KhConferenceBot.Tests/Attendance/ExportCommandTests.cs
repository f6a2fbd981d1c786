using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Attendance;

/// <summary>"xuất" in the organizer's personal chat: a card with signed links that work for 15 minutes, without other auth.</summary>
[Collection(StorageCollection.Name)]
public sealed partial class ExportCommandTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(Uri Csv, Uri Xlsx, string CardJson)> AskForLinksAsync(string text = "xuất")
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, text))).Dispose();
        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains("Action.OpenUrl", StringComparison.Ordinal));
        var urls = LinkPattern().Matches(reply.CardJson).Select(m => new Uri(m.Value)).ToList();
        Assert.Equal(2, urls.Count);
        return (urls[0], urls[1], reply.CardJson);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:3978/api/organizer/exports/[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();

    [Theory]
    [InlineData("xuất")]
    [InlineData("export")]
    [InlineData("xuat")]
    public async Task Export_Organizer_CardWithTwoLinksThatDownloadWithoutOtherAuth(string text)
    {
        var (csv, xlsx, card) = await AskForLinksAsync(text);

        Assert.Contains("(đến 09h15)", card, StringComparison.Ordinal);
        using var client = _host.CreateClient();
        using var csvResponse = await client.GetAsync(new Uri(csv.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csvResponse.StatusCode);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Contains("Trần Thị Mai Anh", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal("no-store", csvResponse.Headers.CacheControl?.ToString());

        using var xlsxResponse = await client.GetAsync(new Uri(xlsx.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsxResponse.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxResponse.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ExportLink_After15Minutes_403SayingItExpired()
    {
        var (csv, _, _) = await AskForLinksAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(15));

        using var response = await _host.CreateClient().GetAsync(new Uri(csv.PathAndQuery, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Liên kết đã hết hạn", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportLink_Forged_403()
    {
        var (csv, _, _) = await AskForLinksAsync();
        var token = csv.Segments[^1];
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        using var response = await _host.CreateClient().GetAsync(new Uri("/api/organizer/exports/" + forged, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Liên kết không hợp lệ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_NotAnOrganizer_NoLinks()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "xuất"))).Dispose();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Hung.PersonalConversationId);
        Assert.DoesNotContain("/api/organizer/exports/", reply.CardJson + reply.Text, StringComparison.Ordinal);
    }
}
