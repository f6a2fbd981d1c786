using Azure.Data.Tables;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace KhConferenceBot.Tests.Faults;

/// <summary>Storage refuses connections (a cut TCP proxy in front of Azurite) while invitations are going out.</summary>
[Collection(StorageCollection.Name)]
public sealed class StorageOutageTests(AzuriteFixture storage, ITestOutputHelper output)
{
    private const string Purpose = "invitation";
    private const int Recipients = 40;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FanOut_StorageCutWhileTeamsAcceptsSends_OutcomesWrittenWhenBackNothingResent()
    {
        await using var proxy = StorageProxy.InFrontOf(storage);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var connector = await FakeConnector.StartAsync(time);

        await using var host = await StartHostAsync(proxy, time, connector);
        var sender = host.Service<OutboxSender>();
        var conversations = Enumerable.Range(0, Recipients).Select(i => $"a:outage-{i:D3}").ToList();
        var start = time.GetUtcNow();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connector.HangNext(release.Task);
        try
        {
            await host.Service<IOutbox>().EnqueueAsync(
                conversations.Select((c, i) => OutboxTestData.ToConversation(Purpose, $"r{i:D3}", c, connector.ServiceUrl, $"Giấy mời {i}")),
                CancellationToken.None);
            await connector.WaitForAsync(_ => connector.Held == 1 && Delivered(connector) >= Recipients - 1);

            // Storage goes away while one send is still at Teams; then Teams accepts it. Its "sent" cannot be written.
            proxy.Cut();
            release.SetResult();
            await sender.WhenIdleAsync().WaitAsync(IdleTimeout);
            Assert.True(sender.Unsettled >= 1, "the accepted send's outcome is kept until storage answers");

            // Storage comes back and the leases run out: what Teams accepted must be recorded, not sent again. (The clock
            // moves only after the restore: other background loops of the host are not this test's subject.)
            proxy.Restore();
            var restoredAt = time.GetUtcNow();
            time.Advance(new OutboxOptions().LeaseDuration + TimeSpan.FromMinutes(1));
            await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Purpose, Recipients));
            Assert.Equal(0, sender.Unsettled);
            Assert.True(time.GetUtcNow() - restoredAt < new OutboxOptions().LeaseDuration + TimeSpan.FromMinutes(2), $"recorded {time.GetUtcNow() - restoredAt} after storage came back");
        }
        finally
        {
            release.TrySetResult();
            proxy.Restore();
        }

        var report = await FaultReport.MeasureAsync("storage refusing connections during sends", host, connector, Purpose, conversations, start);
        report.WriteTo(output);
        WriteDuplicatesTo(output, host, connector);
        report.AssertExactlyOnce();
    }

    [Fact]
    public async Task FanOut_StorageCutBeforeSends_RowsGoOutWhenBackNotAfterLease()
    {
        await using var proxy = StorageProxy.InFrontOf(storage);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var connector = await FakeConnector.StartAsync(time);
        await using var host = await StartHostAsync(proxy, time, connector);
        var sender = host.Service<OutboxSender>();
        var start = time.GetUtcNow();

        // Delegates who never wrote to the bot: each needs its chat looked up in storage, which is gone once they are claimed.
        var messages = Enumerable.Range(0, Recipients).Select(i => OutboxTestData.ToUser(Purpose, i)).ToList();
        try
        {
            await host.Service<IOutbox>().EnqueueAsync(messages, CancellationToken.None);
            proxy.Cut();
            await OutboxDriver.RunUntilAsync(host, () => Task.FromResult(time.GetUtcNow() - start >= TimeSpan.FromSeconds(20)));
            proxy.Restore();
            await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, Purpose, Recipients));
        }
        finally
        {
            proxy.Restore();
        }

        var conversations = messages.Select(m => "a:" + m.UserAadObjectId).ToList();
        var report = await FaultReport.MeasureAsync("storage refusing connections for 20 s before sends", host, connector, Purpose, conversations, start);
        report.WriteTo(output);
        report.AssertExactlyOnce();

        // A 20-second outage costs about 20 seconds, not the 5-minute lease.
        Assert.True(report.SimulatedTime < new OutboxOptions().LeaseDuration, $"took {report.SimulatedTime}");
    }

    /// <summary>On a duplicate, what the sender logged: the run is rare to reproduce, so the evidence is kept.</summary>
    private static void WriteDuplicatesTo(ITestOutputHelper output, BotTestHost host, FakeConnector connector)
    {
        var twice = connector.Sends.Where(c => c.Status == 200).GroupBy(c => c.ConversationId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count == 0)
        {
            return;
        }

        output.WriteLine("sent twice: " + string.Join(", ", twice));
        foreach (var record in host.Services.GetFakeLogCollector().GetSnapshot())
        {
            output.WriteLine($"{record.Timestamp:HH:mm:ss.fff} {record.Level} {record.Category}: {record.Message} {record.Exception?.GetType().Name} {record.Exception?.Message}");
        }
    }

    private static int Delivered(FakeConnector connector) => connector.Sends.Where(c => c.Status == 200).Select(c => c.ConversationId).Distinct().Count();

    /// <summary>A bot whose storage goes through <paramref name="proxy"/>.</summary>
    private Task<BotTestHost> StartHostAsync(StorageProxy proxy, FakeTimeProvider time, FakeConnector connector)
    {
        // Azure's own retries wait on the wall clock; a short policy keeps the outage cheap without changing what fails.
        var fastFailing = new TableClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50), NetworkTimeout = TimeSpan.FromSeconds(10) } };
        return BotTestHost.StartAsync(storage, OutboxTestData.Settings(null, ("Storage:ConnectionString", proxy.ConnectionString)), time, connector,
            services =>
            {
                services.AddSingleton(new TableServiceClient(proxy.ConnectionString, fastFailing));
                services.AddLogging(b => b.AddFakeLogging());
            });
    }
}
