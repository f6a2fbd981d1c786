using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Outbox;

/// <summary>Reaching delegates the bot never talked to, through Graph (a local fake) and the Connector, as a real (non-local) bot.</summary>
[Collection(StorageCollection.Name)]
public sealed class OutboxGraphTests(AzuriteFixture storage)
{
    private const string AppId = "5d8a7c2e-1b3f-4e6a-9c0d-7e2f1a3b4c5d";
    private const string Purpose = "invitation";

    [Fact]
    public async Task Sender_UserWithoutApp_InstallsViaGraphOpensChatAndSends()
    {
        await using var graph = await FakeGraph.StartAsync();
        var (_, connector, host) = await StartAsync(graph);
        await using var connectorScope = connector;
        await using var hostScope = host;
        var newcomer = OutboxTestData.AadId(1);
        var alreadyInstalled = OutboxTestData.AadId(2);
        graph.Users[newcomer] = true;
        graph.Users[alreadyInstalled] = true;
        graph.Installed[alreadyInstalled] = true;

        await host.Service<IOutbox>().EnqueueAsync([OutboxTestData.ToUser(Purpose, 1), OutboxTestData.ToUser(Purpose, 2)], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Purpose, 2));

        var entries = await host.Service<IOutbox>().ListAsync(Purpose, CancellationToken.None);
        Assert.All(entries, e => Assert.Equal(OutboxState.Sent, e.State));
        Assert.True(graph.Installed.ContainsKey(newcomer));
        Assert.Single(graph.Requests, r => r.StartsWith("POST /v1.0/users/" + newcomer + "/teamwork/installedApps", StringComparison.Ordinal));
        Assert.DoesNotContain(graph.Requests, r => r.StartsWith("POST /v1.0/users/" + alreadyInstalled, StringComparison.Ordinal));
        Assert.Contains(graph.Requests, r => r.Contains("$filter=teamsApp/externalId eq '" + FakeGraph.ManifestAppId + "'", StringComparison.Ordinal));
        Assert.Single(graph.Requests, r => r.StartsWith("GET /v1.0/appCatalogs/teamsApps", StringComparison.Ordinal));

        var create = connector.Calls.Single(c => c.Path == "/v3/conversations" && c.Parameters?.Members?[0].Id == newcomer);
        Assert.Equal("28:" + AppId, create.Parameters!.Bot!.Id);
        Assert.Equal(TenantId, create.Parameters.TenantId);
        Assert.Equal(TenantId, create.Parameters.ChannelData?.Tenant?.Id);
        Assert.StartsWith("Bearer ", create.Authorization, StringComparison.Ordinal);
        Assert.Single(connector.SentTo("a:" + newcomer), c => c.Status == 200);
        Assert.Single(connector.SentTo("a:" + alreadyInstalled), c => c.Status == 200);
        var reference = await host.Service<IConversationReferenceStore>().FindPersonalAsync(newcomer, CancellationToken.None);
        Assert.Equal("a:" + newcomer, reference?.ConversationId);
        Assert.Equal(connector.ServiceUrl.ToString(), reference?.ServiceUrl);
    }

    [Fact]
    public async Task Sender_UnreachableRecipients_FailedWithReason()
    {
        await using var graph = await FakeGraph.StartAsync();
        var (_, connector, host) = await StartAsync(graph);
        await using var connectorScope = connector;
        await using var hostScope = host;
        var blocked = OutboxTestData.AadId(3);
        graph.Users[blocked] = true;
        graph.Blocked[blocked] = true;
        // AadId(4) is not in the directory at all.

        await host.Service<IOutbox>().EnqueueAsync([OutboxTestData.ToUser(Purpose, 3), OutboxTestData.ToUser(Purpose, 4)], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Purpose, 2));

        var outbox = host.Service<IOutbox>();
        var appBlocked = await outbox.GetAsync(Purpose, "delegate-00003", CancellationToken.None);
        Assert.Equal(OutboxState.Failed, appBlocked!.State);
        Assert.Equal(OutboxFailureReasons.AppBlocked, appBlocked.ErrorCode);
        Assert.Contains("bị quản trị viên chặn", appBlocked.ErrorMessage, StringComparison.Ordinal);
        var stranger = await outbox.GetAsync(Purpose, "delegate-00004", CancellationToken.None);
        Assert.Equal(OutboxState.Failed, stranger!.State);
        Assert.Equal(OutboxFailureReasons.NotATeamsUser, stranger.ErrorCode);
        Assert.Contains("Không tìm thấy người dùng Teams", stranger.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(connector.Sends);
        Assert.DoesNotContain(connector.Calls, c => c.Path == "/v3/conversations");
    }

    private const string TenantId = TestUsers.TenantId;

    private async Task<(FakeTimeProvider Time, FakeConnector Connector, BotTestHost Host)> StartAsync(FakeGraph graph)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        var connector = await FakeConnector.StartAsync(time);
        var settings = OutboxTestData.Settings(
            null,
            ("Bot:MicrosoftAppId", AppId),
            ("Organizer:LinkSigningKey", "a-signing-key-of-at-least-32-characters!"),
            ("Bot:MicrosoftAppPassword", "not-a-secret"),
            ("Bot:TenantId", TenantId),
            ("Bot:AuthorityHost", graph.AuthorityHost.ToString()),
            ("Bot:TrustedServiceUrls:0", connector.ServiceUrl.ToString()),
            ("Graph:BaseUrl", graph.BaseUrl.ToString()),
            ("Graph:ManifestAppId", FakeGraph.ManifestAppId));
        var host = await BotTestHost.StartAsync(storage, settings, time, connector);
        return (time, connector, host);
    }
}
