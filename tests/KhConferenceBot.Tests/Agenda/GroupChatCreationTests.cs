using System.Collections.Concurrent;
using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Graph;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Agenda;

/// <summary>
/// "tạo nhóm chat" as a real (non-local) bot: the command runs through the bot's own router (inbound JWT checks are the
/// only part skipped) and makes real Graph HTTP calls to a local fake of POST /chats and POST /chats/{id}/installedApps.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class GroupChatCreationTests(AzuriteFixture storage)
{
    private const string AppId = "5d8a7c2e-1b3f-4e6a-9c0d-7e2f1a3b4c5d";
    private const string ConferenceId = "khanh-hoa-2023";
    private const string ShortNameVi = "Hội nghị Chỉ số 2022";

    [Fact]
    public async Task CreateGroupChat_ConfirmedDelegates_CreatesChatInstallsAppAndBinds()
    {
        await using var graph = await ChatGraph.StartAsync();
        await using var connector = await FakeConnector.StartAsync(new FakeTimeProvider(Start));
        await using var host = await StartHostAsync(graph, connector, ("Graph:TeamsAppCatalogId", ChatGraph.CatalogId));
        await SeedRsvpsAsync(host);

        await SendAsync(host, "tạo nhóm chat");

        var create = Assert.Single(graph.CreatedChats);
        Assert.Equal("Bearer fake-token", create.Authorization);
        var body = create.Body;
        Assert.Equal("group", body.GetProperty("chatType").GetString());
        Assert.Equal(ShortNameVi, body.GetProperty("topic").GetString());
        var members = body.GetProperty("members").EnumerateArray().ToList();
        Assert.All(members, m =>
        {
            Assert.Equal("#microsoft.graph.aadUserConversationMember", m.GetProperty("@odata.type").GetString());
            Assert.Equal(["owner"], m.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        });
        var root = graph.BaseUrl.ToString().TrimEnd('/');

        // Hùng and Thu Hà confirmed; Tuấn declined; Ngọc Lan never answered; Mai Anh is the organizer.
        Assert.Equal(
            new[] { TestUsers.Organizer, TestUsers.Hung, TestUsers.ThuHa }.Select(u => $"{root}/users('{u.AadObjectId}')").Order(StringComparer.Ordinal),
            members.Select(m => m.GetProperty("user@odata.bind").GetString()!).Order(StringComparer.Ordinal));

        var install = Assert.Single(graph.Installs);
        Assert.Equal(ChatGraph.ChatId, install.ChatId);
        Assert.Equal($"{root}/appCatalogs/teamsApps/{ChatGraph.CatalogId}", install.Body.GetProperty("teamsApp@odata.bind").GetString());
        Assert.DoesNotContain(graph.Requests, r => r.StartsWith("GET /v1.0/appCatalogs", StringComparison.Ordinal));

        var binding = await host.Service<IGroupChatStore>().GetBindingAsync(ConferenceId, CancellationToken.None);
        Assert.NotNull(binding);
        Assert.Equal(ChatGraph.ChatId, binding.ConversationId);
        Assert.Equal(connector.ServiceUrl.ToString(), binding.ServiceUrl);
        Assert.Equal(TestUsers.Organizer.AadObjectId, binding.BoundBy);

        var reply = Assert.Single(connector.SentTo(TestUsers.Organizer.PersonalConversationId));
        Assert.Contains($"Đã tạo nhóm chat **{ShortNameVi}** với 3 thành viên", reply.Text, StringComparison.Ordinal);
        Assert.StartsWith("Bearer ", reply.Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateGroupChat_InstallForbidden_ExplainsChatExistsWithoutBotAndBindsNothing()
    {
        await using var graph = await ChatGraph.StartAsync();
        graph.InstallStatus = StatusCodes.Status403Forbidden;
        await using var connector = await FakeConnector.StartAsync(new FakeTimeProvider(Start));
        await using var host = await StartHostAsync(graph, connector, ("Graph:ManifestAppId", ChatGraph.ManifestAppId));
        await SeedRsvpsAsync(host);

        await SendAsync(host, "tạo nhóm chat");

        // The catalog id is looked up from the manifest id before the chat is created.
        var requests = graph.Requests.ToList();
        var lookup = requests.FindIndex(r => r.StartsWith("GET /v1.0/appCatalogs/teamsApps", StringComparison.Ordinal));
        var create = requests.FindIndex(r => r == "POST /v1.0/chats");
        Assert.InRange(lookup, 0, create - 1);
        Assert.Single(graph.CreatedChats);
        Assert.Single(graph.Installs);
        Assert.Null(await host.Service<IGroupChatStore>().GetBindingAsync(ConferenceId, CancellationToken.None));

        var reply = Assert.Single(connector.SentTo(TestUsers.Organizer.PersonalConversationId));
        Assert.Contains($"Đã tạo nhóm chat **{ShortNameVi}** nhưng Microsoft Graph không cho cài bot", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Đừng tạo lại nhóm mới", reply.Text, StringComparison.Ordinal);
        Assert.Contains("**gắn hội nghị**", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateGroupChat_CreateRejected_ExplainsInVietnameseAndBindsNothing()
    {
        await using var graph = await ChatGraph.StartAsync();
        graph.CreateStatus = StatusCodes.Status400BadRequest;
        await using var connector = await FakeConnector.StartAsync(new FakeTimeProvider(Start));
        await using var host = await StartHostAsync(graph, connector, ("Graph:TeamsAppCatalogId", ChatGraph.CatalogId));
        await SeedRsvpsAsync(host);

        await SendAsync(host, "tạo nhóm chat");

        Assert.Single(graph.CreatedChats);
        Assert.Empty(graph.Installs);
        Assert.Null(await host.Service<IGroupChatStore>().GetBindingAsync(ConferenceId, CancellationToken.None));
        var reply = Assert.Single(connector.SentTo(TestUsers.Organizer.PersonalConversationId));
        Assert.Contains("Không tạo được nhóm chat qua Microsoft Graph", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Chat.Create", reply.Text, StringComparison.Ordinal);
        Assert.Contains("**gắn hội nghị**", reply.Text, StringComparison.Ordinal);
    }

    private static readonly DateTimeOffset Start = new(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);

    private async Task<BotTestHost> StartHostAsync(ChatGraph graph, FakeConnector connector, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:MaxRetries"] = "0",
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "not-a-secret",
            ["Organizer:LinkSigningKey"] = "a-signing-key-of-at-least-32-characters!",
            ["Bot:TenantId"] = TestUsers.TenantId,
            ["Bot:AuthorityHost"] = graph.AuthorityHost.ToString(),
            ["Bot:TrustedServiceUrls:0"] = connector.ServiceUrl.ToString(),
            ["Graph:BaseUrl"] = graph.BaseUrl.ToString(),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return await BotTestHost.StartAsync(storage, settings, (FakeTimeProvider)connector.Time, connector);
    }

    /// <summary>
    /// Imports the sample delegate list (a non-local bot does not load it by itself) and stores the answers: Hùng and
    /// Thu Hà attend, Tuấn declines, the others have not answered.
    /// </summary>
    private static async Task SeedRsvpsAsync(BotTestHost host)
    {
        var conference = await host.SampleConferenceAsync();
        var csv = await File.ReadAllBytesAsync(Path.Combine(TestPaths.RepoRoot, "samples", "khanh-hoa-2023", "delegates.csv"));
        var report = await host.Service<KhConferenceBot.Features.Delegates.DelegateImporter>().ImportAsync(conference, csv, KhConferenceBot.Features.Delegates.DelegateFileFormat.Csv, CancellationToken.None);
        Assert.Empty(report.Rejected);

        var rsvps = host.Service<IRsvpStore>();
        foreach (var (delegateId, answer) in new[]
        {
            ("hung.nguyen@khanhhoa.example", RsvpAnswer.Attend),
            ("thuha.le@khanhhoa.example", RsvpAnswer.Attend),
            ("tuan.pham@khanhhoa.example", RsvpAnswer.Decline),
        })
        {
            var saved = await rsvps.TrySaveAsync(new RsvpRecord { ConferenceId = ConferenceId, DelegateId = delegateId, Answer = answer, AnsweredAt = Start.AddDays(-2) }, null, CancellationToken.None);
            Assert.NotNull(saved);
        }
    }

    /// <summary>
    /// The organizer's personal message, handed to the bot's router as /api/messages does once the Bot Framework token
    /// checked out (this host is a real, non-local bot, so the endpoint itself would want a signed token).
    /// </summary>
    private static async Task SendAsync(BotTestHost host, string text)
    {
        var activity = Activities.PersonalMessage(TestUsers.Organizer, text);
        activity.ServiceUrl = host.Connector.ServiceUrl.ToString();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.Service<ActivityRouter>().RouteAsync(activity, cts.Token);
    }

    internal sealed record GraphCall(string Authorization, JsonElement Body, string? ChatId = null);

    /// <summary>Graph's chat routes on 127.0.0.1: create a group chat, install an app in it, the catalog lookup and a token endpoint.</summary>
    internal sealed class ChatGraph : LoopbackGraph
    {
        public const string ChatId = "19:3f2a9c1d0b7e4a55@thread.v2";

        public int CreateStatus { get; set; } = StatusCodes.Status201Created;

        public int InstallStatus { get; set; } = StatusCodes.Status201Created;

        public ConcurrentQueue<GraphCall> CreatedChats { get; } = new();

        public ConcurrentQueue<GraphCall> Installs { get; } = new();

        public static Task<ChatGraph> StartAsync() => StartAsync(new ChatGraph());

        protected override void Map(WebApplication app)
        {
            MapTeamsAppCatalog(app);
            app.MapPost("/v1.0/chats", async (HttpContext h) =>
            {
                CreatedChats.Enqueue(new GraphCall(h.Request.Headers.Authorization.ToString(), await ReadAsync(h)));
                return CreateStatus == StatusCodes.Status201Created
                    ? Results.Json(new { id = ChatId, chatType = "group", webUrl = "https://teams.microsoft.com/l/chat/" + Uri.EscapeDataString(ChatId) + "/0" }, statusCode: 201)
                    : Error(CreateStatus, "BadRequest", "Invalid bind property name user@odata.bind in request.");
            });
            app.MapPost("/v1.0/chats/{chatId}/installedApps", async (string chatId, HttpContext h) =>
            {
                Installs.Enqueue(new GraphCall(h.Request.Headers.Authorization.ToString(), await ReadAsync(h), Uri.UnescapeDataString(chatId)));
                return InstallStatus == StatusCodes.Status201Created
                    ? Results.Json(new { id = "inst-1" }, statusCode: 201)
                    : Error(InstallStatus, "Forbidden", "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteForChat.All'.");
            });
        }

        private static async Task<JsonElement> ReadAsync(HttpContext h)
        {
            using var doc = await JsonDocument.ParseAsync(h.Request.Body);
            return doc.RootElement.Clone();
        }
    }
}
