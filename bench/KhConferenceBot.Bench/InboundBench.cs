using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using KhConferenceBot.Teams.Schema;
using Activity = KhConferenceBot.Teams.Schema.Activity;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

/// <summary>
/// bench/run inbound [seconds] [rounds]: personal-chat text messages from many users of one tenant, each answered with
/// one reply through a loopback fake connector, against the bot (Release, Azurite, local mode, the tenant budget lifted
/// so it does not bind) and against the bare endpoint (bench/KhConferenceBot.Bench.Bare), alternating A/B/A/B at 1, 8
/// and 32 concurrent senders. Each server is a process of its own, so its CPU is read from /proc/&lt;pid&gt;/stat.
/// </summary>
internal static class InboundBench
{
    private static int _users = 200;
    private const string Tenant = "bench-tenant";
    private static readonly int[] Concurrencies = [1, 8, 32];
    private static long _nextId;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        _users = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : _users;
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var connector = await FakeConnector.StartAsync();

        await using var bare = await BenchServer.StartBareAsync();
        await using var bot = await BenchServer.StartBotAsync(azurite.ConnectionString, AzuriteFixture.NewTablePrefix("inb"), connector.ServiceUrl, new()
        {
            ["Bot__SendBudget__TenantWindows__0__Limit"] = "1000000",
            ["Bot__SendBudget__TenantWindows__0__Window"] = "00:00:01",
        });

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        Console.WriteLine($"Inbound (load average {Stats.LoadAverage()}): {seconds:0.#} s per measurement, {rounds} rounds A/B per concurrency, {_users} users in one tenant, one reply each; bot budget: tenant window lifted.");
        var targets = new[] { bare, bot };
        foreach (var target in targets)
        {
            // Warm-up: JIT, connections, and every user once (the bot stores each new chat's reference on first sight).
            await MeasureAsync(client, connector, target, 8, 1.0, minimum: _users);
        }

        Console.WriteLine("target  conc  round  activities  act/s     p50 ms   p99 ms   CPU µs/act  replies ok");
        var results = new List<Measurement>();
        foreach (var concurrency in Concurrencies)
        {
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var target in targets)
                {
                    var m = await MeasureAsync(client, connector, target, concurrency, seconds);
                    results.Add(m);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{target.Name,-6} {concurrency,5} {round,6} {m.Count,11} {m.Throughput,7:0} {m.P50,9:0.00} {m.P99,8:0.00} {m.CpuMicrosPerActivity,11:0} {(m.RepliesOk ? "yes" : "NO: " + m.ReplyProblem)}"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("conc  bare act/s  bot act/s  ratio (>=0.6)  bare p99  bot p99  ratio (<=3)  bare CPU  bot CPU  ratio (<=3)");
        foreach (var concurrency in Concurrencies)
        {
            var b = Aggregate(results.Where(r => r.Target == "bare" && r.Concurrency == concurrency));
            var o = Aggregate(results.Where(r => r.Target == "bot" && r.Concurrency == concurrency));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{concurrency,4} {b.Throughput,11:0} {o.Throughput,10:0} {o.Throughput / b.Throughput,14:0.00} {b.P99,9:0.00} {o.P99,8:0.00} {o.P99 / b.P99,12:0.00} {b.Cpu,9:0} {o.Cpu,8:0} {o.Cpu / b.Cpu,12:0.00}"));
        }

        return results.All(r => r.RepliesOk) ? 0 : 1;
    }

    private static (double Throughput, double P99, double Cpu) Aggregate(IEnumerable<Measurement> runs)
    {
        var list = runs.ToList();
        return (list.Average(r => r.Throughput), list.Average(r => r.P99), list.Average(r => r.CpuMicrosPerActivity));
    }

    private static async Task<Measurement> MeasureAsync(HttpClient client, FakeConnector connector, BenchServer target, int concurrency, double seconds, int minimum = 0)
    {
        var serviceUrl = connector.ServiceUrl.ToString();
        var sentIds = new System.Collections.Concurrent.ConcurrentBag<string>();
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var cpuBefore = target.CpuMicros();
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < until || sentIds.Count < minimum)
            {
                var id = "bench-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
                var activity = Message(id, serviceUrl);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync(target.Messages, activity, TeamsJson.Options);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                sentIds.Add(id);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = target.CpuMicros() - cpuBefore;

        // Replies are posted before the turn answers, so they are all in by now; each activity id once, no other.
        var ids = sentIds.ToHashSet(StringComparer.Ordinal);
        var replies = connector.Sends.Where(c => c.Activity?.ReplyToId is { } r && ids.Contains(r)).GroupBy(c => c.Activity!.ReplyToId!).ToList();
        var duplicates = replies.Count(g => g.Count() > 1);
        var missing = ids.Count - replies.Count;
        return new Measurement(
            target.Name, concurrency, ids.Count, ids.Count / elapsed,
            Stats.Percentile(latencies, 0.50), Stats.Percentile(latencies, 0.99),
            cpu / Math.Max(1, ids.Count),
            failures == 0 && duplicates == 0 && missing == 0,
            $"{failures} non-2xx, {missing} without reply, {duplicates} with several");
    }

    private static Activity Message(string id, string serviceUrl)
    {
        var aad = $"00000000-0000-0000-0003-{Interlocked.Read(ref _nextId) % _users:D12}";
        return BenchSample.Message(id, "xin chào", aad, "a:bench-" + aad, Tenant, serviceUrl);
    }

    private sealed record Measurement(string Target, int Concurrency, int Count, double Throughput, double P50, double P99, double CpuMicrosPerActivity, bool RepliesOk, string ReplyProblem);
}
