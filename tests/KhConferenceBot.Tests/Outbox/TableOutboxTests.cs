using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Outbox;

[Collection(StorageCollection.Name)]
public sealed class TableOutboxTests(AzuriteFixture storage)
{
    [Fact]
    public async Task EnqueueAsync_SameRecipientAndPurposeTwice_AddsOnceAndSendsOnce()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        var outbox = host.Service<IOutbox>();
        var batch = Enumerable.Range(0, 150).Select(i => OutboxTestData.ToUser("invitation", i)).ToList();

        var first = await outbox.EnqueueAsync(batch, CancellationToken.None);
        var second = await outbox.EnqueueAsync(batch, CancellationToken.None);
        var mixed = await outbox.EnqueueAsync([OutboxTestData.ToUser("invitation", 3), OutboxTestData.ToUser("invitation", 150)], CancellationToken.None);
        var otherPurpose = await outbox.EnqueueAsync([OutboxTestData.ToUser("reminder:day-before", 3)], CancellationToken.None);

        Assert.Equal(150, first);
        Assert.Equal(0, second);
        Assert.Equal(1, mixed);
        Assert.Equal(1, otherPurpose);
        Assert.Equal(151, (await outbox.ListAsync("invitation", CancellationToken.None)).Count);

        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "invitation", 151));
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "reminder:day-before", 1));
        Assert.Equal(0, await outbox.EnqueueAsync(batch, CancellationToken.None));
        var delivered = OutboxTestData.DeliveredPerConversation(host.Connector);
        Assert.Equal(151, delivered.Keys.Count(k => k.StartsWith("a:00000000-0000-0000-0001-", StringComparison.Ordinal)));
        Assert.Equal(2, delivered["a:" + OutboxTestData.AadId(3)]); // one invitation, one reminder
        Assert.All(delivered.Where(d => d.Key != "a:" + OutboxTestData.AadId(3)), d => Assert.Equal(1, d.Value));
    }

    [Fact]
    public async Task EnqueueAsync_ActivityOver60KB_RefusesWholeBatchClearly()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        var outbox = host.Service<IOutbox>();
        var huge = new OutboxMessage("invitation", "big", Activity.CreateMessage(new string('x', 70_000)), UserAadObjectId: OutboxTestData.AadId(1));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueAsync([OutboxTestData.ToUser("invitation", 2), huge], CancellationToken.None));

        Assert.Contains("at most", error.Message, StringComparison.Ordinal);
        Assert.Empty(await outbox.ListAsync("invitation", CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_NoRecipient_Refused()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        var outbox = host.Service<IOutbox>();

        await Assert.ThrowsAsync<ArgumentException>(() => outbox.EnqueueAsync([new OutboxMessage("invitation", "nobody", Activity.CreateMessage("x"))], CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_KeysWithSlashesAndHashes_RoundTrip()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        var outbox = host.Service<IOutbox>();
        var message = OutboxTestData.ToConversation("reminder:2026/12/01#1", "group/19:abc@thread.v2?x", TestUsers.GroupChatId, host.Connector.ServiceUrl, "Nhắc lịch");

        Assert.Equal(1, await outbox.EnqueueAsync([message], CancellationToken.None));
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, message.Purpose, 1));

        var entry = await outbox.GetAsync(message.Purpose, message.RecipientKey, CancellationToken.None);
        Assert.NotNull(entry);
        Assert.Equal(OutboxState.Sent, entry.State);
        Assert.Equal(message.RecipientKey, entry.RecipientKey);
        Assert.Equal(message.Purpose, entry.Purpose);
    }
}
