using System.Text.RegularExpressions;
using Azure.Data.Tables;
using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace KhConferenceBot.Tests.Faults;

/// <summary>
/// The real bot as a child process, SIGKILLed in the middle of a fan-out and started again on the same tables. A child
/// runs on the wall clock, so its lease and answer deadline are set short (the lease still outlives the answer deadline).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class KilledProcessTests(AzuriteFixture storage, ITestOutputHelper output)
{
    private const string Purpose = "invitation";
    private const int Recipients = 300;
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task FanOut_BotKilledMidwayAndRestarted_NothingLostDuplicatesAtMostInFlight()
    {
        await using var connector = await FakeConnector.StartAsync();
        var prefix = AzuriteFixture.NewTablePrefix("k");
        var conversations = Enumerable.Range(0, Recipients).Select(i => $"a:killed-{i:D3}").ToList();
        var outbox = new TableOutbox(
            new TableStore(new TableServiceClient(storage.ConnectionString), Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = prefix })),
            new OutboxSignal(),
            TimeProvider.System);
        await outbox.EnqueueAsync(conversations.Select((c, i) => new OutboxMessage(Purpose, $"r{i:D3}", Teams.Schema.Activity.CreateMessage($"Giấy mời {i}"), ConversationId: c, ServiceUrl: connector.ServiceUrl.ToString())), CancellationToken.None);
        var started = TimeProvider.System.GetUtcNow();

        int deliveredAtKill;
        await using (var first = await StartBotAsync("bot-1", prefix, connector))
        {
            await connector.WaitForAsync(_ => Delivered(connector) >= Recipients / 3, Bounded);

            // SIGKILL: no graceful stop, whatever was in flight stays claimed until its lease runs out.
            await first.DisposeAsync();
            deliveredAtKill = Delivered(connector);
        }

        Assert.InRange(deliveredAtKill, Recipients / 3, Recipients - 1);
        await using (await StartBotAsync("bot-2", prefix, connector))
        {
            await connector.WaitForAsync(_ => Delivered(connector) == Recipients, Bounded);
            var counts = await WaitForCountsAsync(outbox);
            Assert.Equal(Recipients, counts.Sent);
        }

        var copies = connector.Sends.Where(c => c.Status == 200).GroupBy(c => c.ConversationId).ToDictionary(g => g.Key, g => g.Count());
        var duplicates = copies.Values.Sum(n => n - 1);
        var lost = conversations.Count(c => !copies.ContainsKey(c));
        output.WriteLine($"SIGKILL mid fan-out: recipients {Recipients}, delivered at kill {deliveredAtKill}, duplicates {duplicates}, lost {lost}, wall time {(TimeProvider.System.GetUtcNow() - started).TotalSeconds:0.#} s");
        Assert.Equal(0, lost);

        // Zero is impossible here: a send Teams accepted just before the kill, whose "sent" was not yet written, goes
        // out again after the lease. At most one copy per send in flight at the kill, and at most MaxConcurrency of those.
        Assert.InRange(duplicates, 0, new OutboxOptions().MaxConcurrency);
    }

    private static async Task<OutboxCounts> WaitForCountsAsync(TableOutbox outbox)
    {
        // The last "sent" write can trail the connector's 201 by a table round-trip; the fake's next record is the wake-up.
        var deadline = TimeProvider.System.GetUtcNow() + Bounded;
        var counts = await outbox.CountsAsync(Purpose, CancellationToken.None);
        while (counts.Sent < Recipients && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Yield();
            counts = await outbox.CountsAsync(Purpose, CancellationToken.None);
        }

        return counts;
    }

    private async Task<ChildProcess> StartBotAsync(string name, string prefix, FakeConnector connector)
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__ConnectionString"] = storage.ConnectionString,
            ["Storage__TablePrefix"] = prefix,
            ["Bot__MicrosoftAppId"] = "",
            ["Bot__MaxRetries"] = "0",
            ["Bot__RequestTimeout"] = "00:00:02",
            ["Bot__PostAnswerTimeout"] = "00:00:04",
            ["Outbox__LeaseDuration"] = "00:00:10",
            ["Outbox__RetryBaseDelay"] = "00:00:01",
            ["Outbox__DefaultServiceUrl"] = connector.ServiceUrl.ToString(),
            ["Conference__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Information",
        };
        var bot = ChildProcess.Start(name, Path.Combine(AppContext.BaseDirectory, "KhConferenceBot"), ["--urls", $"http://127.0.0.1:{port}"],
            Path.Combine(TestPaths.RepoRoot, "src", "KhConferenceBot"), environment, TestPaths.ArtifactsDirectory("faults"));
        try
        {
            await bot.WaitForOutputAsync(SenderStarted(), Bounded);
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }

        output.WriteLine($"{name}: pid {bot.Pid}, log {bot.LogPath}");
        return bot;
    }

    private static int Delivered(FakeConnector connector) => connector.Sends.Where(c => c.Status == 200).Select(c => c.ConversationId).Distinct().Count();

    [GeneratedRegex("Outbox sender .* started")]
    private static partial Regex SenderStarted();
}
