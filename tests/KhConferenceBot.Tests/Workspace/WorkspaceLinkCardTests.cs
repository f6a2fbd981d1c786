using System.Text.Json.Nodes;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Workspace;

/// <summary>Chat answers with long lists stay short and carry a button that opens the workspace tab on that conference.</summary>
[Collection(StorageCollection.Name)]
public sealed class WorkspaceLinkCardTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string AppId = "5b1e0f6c-2a3d-4c7e-9f10-0123456789ab";
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Graph:ManifestAppId"] = AppId });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("tình hình", "Tình hình phản hồi", "khanh-hoa-2023")]
    [InlineData("bảng câu hỏi", "Bảng câu hỏi", "khanh-hoa-2023/questions")]
    public async Task OrganizerCard_LongList_OpensTheWorkspaceTabOnTheConference(string command, string cardTitle, string subEntity)
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, command))).Dispose();

        var sent = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains(cardTitle, StringComparison.Ordinal));
        var action = JsonNode.Parse(sent.CardJson)!["actions"]!.AsArray().Single(a => (string?)a!["title"] == "Mở trang tổ chức")!;
        Assert.Equal("Action.OpenUrl", (string?)action["type"]);
        var url = new Uri((string)action["url"]!);
        Assert.Equal($"https://teams.microsoft.com/l/entity/{AppId}/organizer-dashboard", url.GetLeftPart(UriPartial.Path));
        var context = url.Query.TrimStart('?').Split('&').Single(p => p.StartsWith("context=", StringComparison.Ordinal))["context=".Length..];
        Assert.Equal(subEntity, (string?)JsonNode.Parse(Uri.UnescapeDataString(context))!["subEntityId"]);
    }
}
