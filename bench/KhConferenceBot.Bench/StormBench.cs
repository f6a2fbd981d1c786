using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Activity = KhConferenceBot.Teams.Schema.Activity;

/// <summary>
/// bench/run storm [delegates] [spread ms]: every delegate of a conference presses "Tham dự" (Action.Execute) on their
/// invitation card within one second (open loop: request i starts at i x spread / delegates, whatever the answers do),
/// against the bot (Release, Azurite, local mode, default send budget) and the fake Teams enforcing the limits. Reported:
/// the invoke's p50/p99, errors, answers stored, original cards updated in place (PUT to the card's activity), 429s.
/// Baselines in the same run, before and after the bot's storm: the same requests to the bare endpoint, and the plain
/// storage write an answer needs at least (one upsert of a row per delegate, from the bench to the same Azurite).
/// </summary>
internal static class StormBench
{
    private const string ConferenceId = BenchSample.ConferenceId;
    private const string Tenant = "00000000-0000-0000-0000-0000000000ff";

    public static async Task<int> RunAsync(string[] args)
    {
        var delegates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var spread = TimeSpan.FromMilliseconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var connector = await FakeConnector.StartAsync();
        var sample = BenchSample.Write("storm", delegates);
        var prefix = AzuriteFixture.NewTablePrefix("storm");
        var date = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var bare = await BenchServer.StartBareAsync();
        await using var bot = await BenchServer.StartBotAsync(azurite.ConnectionString, prefix, connector.ServiceUrl, new()
        {
            ["Planning__SamplePlans__0"] = sample,
            ["Conference__Date"] = date,
        });
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromSeconds(30) };
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(prefix + "stormbaseline");
        await table.CreateIfNotExistsAsync();

        // Warm-up: JIT and connections on every side, with people who are not delegates (refused, nothing stored).
        // The bare endpoint has no budget: the limits are on for the bot's storm only.
        connector.EnforceTeamsLimits = false;
        await StormAsync(client, bare.Messages, connector, 20, TimeSpan.FromMilliseconds(200), "warm", user: i => 100_000 + i);
        await StormAsync(client, bot.Messages, connector, 20, TimeSpan.FromMilliseconds(200), "warm", user: i => 100_000 + i);
        await WritesAsync(table, 20, TimeSpan.FromMilliseconds(200), "warm");

        Console.WriteLine($"RSVP storm (load average {Stats.LoadAverage()}): {delegates} delegates press Tham dự within {spread.TotalSeconds:0.#} s, open loop; bot on Azurite, default budget, fake Teams enforcing the limits.");
        Console.WriteLine("target               requests   p50 ms   p99 ms  errors  stored  cards updated  429s  last update s");
        var results = new List<(string Name, double P99)>
        {
            Print("storage write (A)", await WritesAsync(table, delegates, spread, "a")),
            Print("bare endpoint (A)", await StormAsync(client, bare.Messages, connector, delegates, spread, "bare-a", i => i)),
        };
        connector.EnforceTeamsLimits = true;
        var throttledBefore = connector.ThrottledCount;
        var started = DateTimeOffset.UtcNow;
        var storm = await StormAsync(client, bot.Messages, connector, delegates, spread, "bot", i => i);

        // Cards are updated in place through the send budget (the tenant's 50/s): the last ones after a few seconds.
        var updated = await CardsUpdatedAsync(connector, delegates, TimeSpan.FromSeconds(60));
        var stored = await StoredAnswersAsync(azurite.ConnectionString, prefix, delegates);
        var lastUpdate = connector.Updates.Where(c => c.ActivityId?.StartsWith("card-bot-", StringComparison.Ordinal) == true).Select(c => (c.At - started).TotalSeconds).DefaultIfEmpty().Max();
        results.Add(Print("bot", storm, stored, updated, connector.ThrottledCount - throttledBefore, lastUpdate));
        connector.EnforceTeamsLimits = false;
        results.Add(Print("bare endpoint (B)", await StormAsync(client, bare.Messages, connector, delegates, spread, "bare-b", i => i)));
        results.Add(Print("storage write (B)", await WritesAsync(table, delegates, spread, "b")));

        var bareP99 = results.Where(r => r.Name.StartsWith("bare", StringComparison.Ordinal)).Average(r => r.P99);
        var writeP99 = results.Where(r => r.Name.StartsWith("storage", StringComparison.Ordinal)).Average(r => r.P99);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bot p99 {storm.P99:0.0} ms (target <= 250): {storm.P99 / bareP99:0.0}x the bare endpoint's, {storm.P99 / writeP99:0.0}x a plain storage write's."));
        var throttled = connector.ThrottledCount - throttledBefore;
        var ok = storm.Errors == 0 && stored == delegates && updated == delegates && throttled == 0;
        Console.WriteLine(ok ? "0 errors, every answer stored, every card updated in place, no 429." : "NOT all answers stored / cards updated / free of errors and 429s (see the row).");
        return ok ? 0 : 1;
    }

    private static (string, double) Print(string name, Burst r, int? stored = null, int? updated = null, int? throttled = null, double? lastUpdate = null)
    {
        static string Or(int? v) => v?.ToString(CultureInfo.InvariantCulture) ?? "-";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-20} {r.Requests,8} {r.P50,8:0.0} {r.P99,8:0.0} {r.Errors,7} {Or(stored),7} {Or(updated),14} {Or(throttled),5} {(lastUpdate is { } l ? l.ToString("0.0", CultureInfo.InvariantCulture) : "-"),14}"));
        return (name, r.P99);
    }

    private sealed record Burst(int Requests, double P50, double P99, int Errors);

    /// <summary>Each request is one delegate pressing Tham dự on their own card.</summary>
    private static Task<Burst> StormAsync(HttpClient client, Uri target, FakeConnector connector, int count, TimeSpan spread, string run, Func<int, int> user) =>
        OpenLoopAsync(count, spread, async i =>
        {
            try
            {
                using var response = await client.PostAsJsonAsync(target, Attend(user(i), $"card-{run}-{i}", connector.ServiceUrl.ToString()), TeamsJson.Options);
                var body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && (run == "warm" || run.StartsWith("bare", StringComparison.Ordinal) || IsUpdatedCard(body));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        });

    /// <summary>Request i starts at i x spread / count whatever the earlier ones do; its latency is kept, and whether it succeeded.</summary>
    private static async Task<Burst> OpenLoopAsync(int count, TimeSpan spread, Func<int, Task<bool>> request)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var at = spread * i / count;
            if (at > clock.Elapsed)
            {
                await Task.Delay(at - clock.Elapsed);
            }

            var started = Stopwatch.GetTimestamp();
            var ok = await request(i);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!ok)
            {
                Interlocked.Increment(ref errors);
            }
        }));
        return new Burst(count, Stats.Percentile(latencies, 0.5), Stats.Percentile(latencies, 0.99), errors);
    }

    /// <summary>The invoke response Teams shows in place of the card: status 200 and an Adaptive Card.</summary>
    private static bool IsUpdatedCard(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("statusCode", out var status) && status.GetInt32() == 200
            && json.RootElement.TryGetProperty("type", out var type) && type.GetString() == "application/vnd.microsoft.card.adaptive";
    }

    private static Task<Burst> WritesAsync(TableClient table, int count, TimeSpan spread, string run) =>
        OpenLoopAsync(count, spread, async i =>
        {
            var row = new TableEntity(ConferenceId, $"{run}-{i}") { ["Answer"] = "Attend", ["AnsweredAt"] = DateTimeOffset.UtcNow, ["AadObjectId"] = BenchSample.Aad(i) };
            return !(await table.UpsertEntityAsync(row, TableUpdateMode.Replace)).IsError;
        });

    private static async Task<int> CardsUpdatedAsync(FakeConnector connector, int count, TimeSpan timeout)
    {
        var until = Stopwatch.StartNew();
        int Updated() => connector.Updates.Where(c => c.Status == 200 && c.ActivityId?.StartsWith("card-bot-", StringComparison.Ordinal) == true).Select(c => c.ActivityId).Distinct().Count();
        while (Updated() < count && until.Elapsed < timeout)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return Updated();
    }

    private static async Task<int> StoredAnswersAsync(string storage, string prefix, int count)
    {
        var tables = new TableStore(new TableServiceClient(storage), Options.Create(new StorageOptions { ConnectionString = storage, TablePrefix = prefix }));
        var rsvps = new TableRsvpStore(tables);
        var stored = 0;
        for (var i = 0; i < count; i++)
        {
            if ((await rsvps.GetAsync(ConferenceId, BenchSample.Email(i), CancellationToken.None))?.Answer == RsvpAnswer.Attend)
            {
                stored++;
            }
        }

        return stored;
    }

    private static Activity Attend(int i, string cardId, string serviceUrl) => new()
    {
        Type = ActivityTypes.Invoke,
        Name = "adaptiveCard/action",
        Id = "storm-" + Guid.NewGuid().ToString("N"),
        ReplyToId = cardId,
        ChannelId = "msteams",
        ServiceUrl = serviceUrl,
        Locale = "vi-VN",
        From = new ChannelAccount { Id = "29:storm-" + i.ToString(CultureInfo.InvariantCulture), AadObjectId = BenchSample.Aad(i), Name = "Đại biểu số " + (i + 1).ToString(CultureInfo.InvariantCulture) },
        Recipient = new ChannelAccount { Id = "28:bench-bot", Name = "KhConferenceBot" },
        Conversation = new ConversationAccount { Id = "a:storm-" + BenchSample.Aad(i), ConversationType = ConversationTypes.Personal, TenantId = Tenant },
        ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = Tenant } },
        Value = JsonSerializer.SerializeToElement(new
        {
            action = new { type = "Action.Execute", verb = "rsvp.attend", data = new { conferenceId = ConferenceId, delegateId = BenchSample.Email(i) } },
            trigger = "manual",
        }, TeamsJson.Options),
    };
}
