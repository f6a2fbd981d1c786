using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;

namespace KhConferenceBot.Tests.Invitations;

/// <summary>Delegates listed only by email are found in the directory (Graph, a local fake) before they are invited.</summary>
[Collection(StorageCollection.Name)]
public sealed class InvitationDirectoryTests(AzuriteFixture storage)
{
    private const string AppId = "5d8a7c2e-1b3f-4e6a-9c0d-7e2f1a3b4c5d";
    private const string KnownObjectId = "7a1b2c3d-0000-4000-8000-00000000beef";

    [Fact]
    public async Task EnqueueInvitations_DelegateWithEmailOnly_LinksAccountAndInvites()
    {
        await using var graph = await FakeGraph.StartAsync();
        await using var host = await StartAsync(graph);
        graph.UsersByEmail["quocbao.dang@khanhhoa.example"] = KnownObjectId;
        var conference = await host.SampleConferenceAsync();
        var store = host.Service<IDelegateStore>();
        await store.UpsertAsync(conference.Id,
        [
            Delegate("quocbao.dang@khanhhoa.example", "Đặng Quốc Bảo"),
            Delegate("nobody@khanhhoa.example", "Người chưa có tài khoản"),
        ], CancellationToken.None);

        var result = await host.Service<InvitationService>().EnqueueInvitationsAsync(conference, null, CancellationToken.None);

        Assert.Equal(1, result.Enqueued);
        Assert.Single(result.WithoutTeams, d => d.Email == "nobody@khanhhoa.example");
        var linked = await store.GetAsync(conference.Id, "quocbao.dang@khanhhoa.example", CancellationToken.None);
        Assert.Equal(KnownObjectId, linked?.AadObjectId);
        var row = await host.Service<IOutbox>().GetAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), "quocbao.dang@khanhhoa.example", CancellationToken.None);
        Assert.NotNull(row);
        Assert.Contains(graph.Requests, r => r.StartsWith("GET /v1.0/users/quocbao.dang@khanhhoa.example", StringComparison.Ordinal));
        Assert.Contains(graph.Requests, r => r.Contains("mail eq 'nobody@khanhhoa.example'", StringComparison.Ordinal));
    }

    private static ConferenceDelegate Delegate(string email, string name) => new()
    {
        Id = ConferenceDelegate.IdFromEmail(email),
        Name = name,
        GroupId = "tinh-uy",
        Category = DelegateCategory.Invited,
        Email = email,
    };

    private async Task<BotTestHost> StartAsync(FakeGraph graph)
    {
        var connector = await FakeConnector.StartAsync();
        return await BotTestHost.StartAsync(storage, OutboxTestData.Settings(
            null,
            ("Bot:MicrosoftAppId", AppId),
            ("Organizer:LinkSigningKey", "a-signing-key-of-at-least-32-characters!"),
            ("Bot:MicrosoftAppPassword", "not-a-secret"),
            ("Bot:TenantId", TestUsers.TenantId),
            ("Bot:AuthorityHost", graph.AuthorityHost.ToString()),
            ("Bot:TrustedServiceUrls:0", connector.ServiceUrl.ToString()),
            ("Graph:BaseUrl", graph.BaseUrl.ToString()),
            ("Graph:ManifestAppId", FakeGraph.ManifestAppId)), connector: connector);
    }
}
