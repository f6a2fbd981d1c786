using System.Text.Json;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Bot;

/// <summary>Every command the Teams manifest advertises must be one the bot answers, in both languages and in its scope.</summary>
[Collection(StorageCollection.Name)]
public sealed class ManifestCommandTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public static TheoryData<string, string> ManifestCommands()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "manifest", "commands.json")));
        var data = new TheoryData<string, string>();
        foreach (var command in json.RootElement.GetProperty("commands").EnumerateArray())
        {
            var scope = command.GetProperty("scope").GetString()!;
            data.Add(scope, command.GetProperty("vi").GetString()!);
            data.Add(scope, command.GetProperty("en").GetString()!);
        }

        return data;
    }

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [MemberData(nameof(ManifestCommands))]
    public void Catalog_ManifestCommand_IsKnownInItsScope(string scope, string words)
    {
        var catalog = _host.Service<KhConferenceBot.Bot.CommandCatalog>();

        var match = catalog.Match(words);

        Assert.True(match is not null, $"The bot has no command for the manifest's '{words}'.");
        var wanted = scope == "group" ? KhConferenceBot.Bot.CommandScope.Group : KhConferenceBot.Bot.CommandScope.Personal;
        Assert.True((match.Value.Command.Descriptor.Scope & wanted) != 0, $"'{words}' is not available in the {scope} scope.");
    }

    [Theory]
    [MemberData(nameof(ManifestCommands))]
    public async Task Post_ManifestCommandFromOrganizer_GetsAnAnswerThatIsNotTheHint(string scope, string words)
    {
        var activity = scope == "group"
            ? Activities.GroupMention(TestUsers.Organizer, words)
            : Activities.PersonalMessage(TestUsers.Organizer, words);
        var conversation = activity.Conversation!.Id!;

        using var response = await _host.PostAsync(activity);

        Assert.True(response.IsSuccessStatusCode);
        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == conversation && c.Method == "POST");
        Assert.DoesNotContain("chưa hiểu", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("did not understand", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("chỉ dành cho Ban Tổ chức", reply.Text, StringComparison.Ordinal);
    }
}
