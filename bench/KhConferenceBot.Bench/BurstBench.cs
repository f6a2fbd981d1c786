using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Activity = KhConferenceBot.Teams.Schema.Activity;

/// <summary>
/// bench/run burst [messages] [seconds] [users]: a burst of personal-chat messages from one tenant, spread evenly (open
/// loop; one user's next message waits for their previous answer, as a Teams client does), each answered by one reply,
/// against the bot with the default send budget (the tenant's 50/s binds: 1,000 in 10 s is twice that) and the fake Teams
/// enforcing the limits. Reported: the turn's p50/p99 (HTTP answer), reply delay p99 (message sent to reply at Teams),
/// replies lost, duplicated, out of order per conversation, 429s. Baseline in the same run: the bare endpoint under the
/// same schedule (limits off for it: it has no budget and would be throttled).
/// </summary>
internal static class BurstBench
{
    private const string Tenant = "bench-burst-tenant";

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var users = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var connector = await FakeConnector.StartAsync();
        await using var bare = await BenchServer.StartBareAsync();
        await using var bot = await BenchServer.StartBotAsync(azurite.ConnectionString, AzuriteFixture.NewTablePrefix("burst"), connector.ServiceUrl);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });

        // Warm-up at a pace inside the budget: JIT, connections, and each user's first message (the reference is stored).
        foreach (var target in new[] { bare, bot })
        {
            await BurstAsync(client, connector, target, "warm-" + target.Name, users, TimeSpan.FromSeconds(users / 20.0), users);
        }

        Console.WriteLine($"Burst (load average {Stats.LoadAverage()}): {messages} messages in {seconds:0.#} s from {users} users of one tenant; bot with the default send budget; fake Teams enforcing the limits for the bot.");
        Console.WriteLine("target  messages  turn p50 ms  turn p99 ms  non-2xx  replies  lost  dup  out of order  429s  reply p50 s  reply p99 s  last reply s");
        var bareRun = await BurstAsync(client, connector, bare, "bare", messages, TimeSpan.FromSeconds(seconds), users);
        Print(bareRun);
        connector.EnforceTeamsLimits = true;
        var throttledBefore = connector.ThrottledCount;
        var botRun = await BurstAsync(client, connector, bot, "bot", messages, TimeSpan.FromSeconds(seconds), users);
        botRun = botRun with { Throttled = connector.ThrottledCount - throttledBefore };
        Print(botRun);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bot turn p99 {botRun.TurnP99:0} ms (target <= 2,000): {botRun.TurnP99 / bareRun.TurnP99:0.0}x the bare endpoint's; the last reply {botRun.LastReply:0.0} s after the first message (the tenant's 50/s allows {messages / 50.0:0.0} s at best)."));
        var ok = botRun.Failures == 0 && botRun.Lost == 0 && botRun.Duplicates == 0 && botRun.OutOfOrder == 0 && botRun.Throttled == 0;
        return ok ? 0 : 1;
    }

    private static void Print(Run r) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Target,-6} {r.Messages,9} {r.TurnP50,12:0.0} {r.TurnP99,12:0.0} {r.Failures,8} {r.Replies,8} {r.Lost,5} {r.Duplicates,4} {r.OutOfOrder,13} {r.Throttled,5} {r.ReplyP50,12:0.00} {r.ReplyP99,12:0.00} {r.LastReply,13:0.0}"));

    private sealed record Run(
        string Target, int Messages, double TurnP50, double TurnP99, int Failures, int Replies, int Lost, int Duplicates, int OutOfOrder, int Throttled,
        double ReplyP50, double ReplyP99, double LastReply);

    private static async Task<Run> BurstAsync(HttpClient client, FakeConnector connector, BenchServer target, string run, int messages, TimeSpan duration, int users)
    {
        var latencies = new ConcurrentBag<double>();
        var sentAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var order = new ConcurrentDictionary<int, List<string>>();
        var failures = 0;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(async user =>
        {
            var mine = order[user] = [];
            for (var k = user; k < messages; k += users)
            {
                var at = duration * k / messages;
                if (at > clock.Elapsed)
                {
                    await Task.Delay(at - clock.Elapsed);
                }

                var id = $"{run}-{k}";
                mine.Add(id);
                sentAt[id] = DateTimeOffset.UtcNow;
                var begun = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync(target.Messages, Message(run, user, id, connector.ServiceUrl.ToString()), TeamsJson.Options);
                latencies.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));

        // Replies beyond the budget wait in the outbox: wait until each message has one, or a minute without progress.
        List<RecordedCall> Replies() => [.. connector.Sends.Where(c => c.Status == 200 && c.Activity?.ReplyToId is { } r && sentAt.ContainsKey(r))];
        var lastCount = -1;
        var idle = Stopwatch.StartNew();
        while (Replies().Count < messages && idle.Elapsed < TimeSpan.FromMinutes(1))
        {
            var count = Replies().Count;
            if (count != lastCount)
            {
                lastCount = count;
                idle.Restart();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        var replies = Replies();
        var byMessage = replies.GroupBy(c => c.Activity!.ReplyToId!).ToDictionary(g => g.Key, g => g.ToList());
        var outOfOrder = 0;
        foreach (var (user, ids) in order)
        {
            // The replies of one chat, in the order Teams got them, must follow the order the messages were sent.
            var arrived = replies.Where(c => c.ConversationId == Conversation(run, user)).Select(c => c.Activity!.ReplyToId!).Distinct().ToList();
            var expected = ids.Where(byMessage.ContainsKey).ToList();
            outOfOrder += arrived.Zip(expected).Count(p => p.First != p.Second);
        }

        var delays = byMessage.Select(p => (p.Value.Min(c => c.At) - sentAt[p.Key]).TotalSeconds).ToList();
        return new Run(
            target.Name, messages, Stats.Percentile(latencies, 0.5), Stats.Percentile(latencies, 0.99), failures,
            replies.Count, messages - byMessage.Count, byMessage.Values.Sum(v => v.Count - 1), outOfOrder, 0,
            Stats.Percentile(delays, 0.5), Stats.Percentile(delays, 0.99),
            replies.Count == 0 ? double.NaN : (replies.Max(c => c.At) - started).TotalSeconds);
    }

    private static string Conversation(string run, int user) => $"a:burst-{(run.StartsWith("warm", StringComparison.Ordinal) ? "warm" : "main")}-{user}";

    private static Activity Message(string run, int user, string id, string serviceUrl) =>
        BenchSample.Message(id, "xin chào", $"00000000-0000-0000-0005-{user:D12}", Conversation(run, user), Tenant, serviceUrl);
}
