using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Outbox;

/// <summary>Local mode checks no token, so a serviceUrl in an activity proves nothing: only loopback ones are used.</summary>
[Collection(StorageCollection.Name)]
public sealed class LocalModeServiceUrlTests(AzuriteFixture storage)
{
    [Fact]
    public async Task ForgedActivity_RemoteServiceUrlInLocalMode_NotRememberedAndInvitationStaysOnLoopback()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        var forged = Activities.InstallPersonal(TestUsers.Hung);
        forged.ServiceUrl = "https://attacker.example.test/";

        using var response = await host.PostAsync(forged);

        Assert.True((int)response.StatusCode < 500, $"answered {(int)response.StatusCode}");
        var remembered = await host.Service<IConversationReferenceStore>().FindPersonalAsync(TestUsers.Hung.AadObjectId, CancellationToken.None);
        Assert.Null(remembered);

        var outbox = host.Service<IOutbox>();
        await outbox.EnqueueAsync([new OutboxMessage("invitation", "hung", Teams.Schema.Activity.CreateMessage("Thư mời anh Hùng"), UserAadObjectId: TestUsers.Hung.AadObjectId)], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "invitation", 1));

        var entry = await outbox.GetAsync("invitation", "hung", CancellationToken.None);
        Assert.Equal(OutboxState.Sent, entry!.State);
        Assert.Equal(host.Connector.ServiceUrl, new Uri(entry.ServiceUrl!));
    }

    [Fact]
    public async Task Activity_LoopbackServiceUrlInLocalMode_Remembered()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());

        (await host.PostAsync(Activities.InstallPersonal(TestUsers.Hung))).EnsureSuccessStatusCode();

        var remembered = await host.Service<IConversationReferenceStore>().FindPersonalAsync(TestUsers.Hung.AadObjectId, CancellationToken.None);
        Assert.Equal(host.Connector.ServiceUrl.ToString(), remembered?.ServiceUrl);
    }
}
