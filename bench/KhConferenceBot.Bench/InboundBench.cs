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
    private static readonly long ClockTicksPerSecond = 100; // USER_HZ on Linux
    private static long _nextId;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
        _users = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : _users;
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var connector = await FakeConnector.StartAsync();
        var logs = TestPaths.ArtifactsDirectory("bench");

        await using var bare = await StartAsync("bare", "KhConferenceBot.Bench.Bare", new Dictionary<string, string?>(), logs);
        await using var bot = await StartAsync("bot", "KhConferenceBot", new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = azurite.ConnectionString,
            ["Storage__TablePrefix"] = AzuriteFixture.NewTablePrefix("inb"),
            ["Bot__MicrosoftAppId"] = "",
            ["Outbox__DefaultServiceUrl"] = connector.ServiceUrl.ToString(),
            ["Bot__SendBudget__TenantWindows__0__Limit"] = "1000000",
            ["Bot__SendBudget__TenantWindows__0__Window"] = "00:00:01",
            ["Conference__Organizers__0"] = "00000000-0000-0000-0000-0000000000a0",
            ["Planning__SamplePlans__0"] = Path.Combine(TestPaths.RepoRoot, "samples", "khanh-hoa-2023", "ke-hoach.txt"),
            ["Conference__PublicBaseUrl"] = "http://127.0.0.1:3978",
            ["Logging__LogLevel__Default"] = "Warning",
        }, logs);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        Console.WriteLine($"Inbound: {seconds:0.#} s per measurement, {rounds} rounds A/B per concurrency, {_users} users in one tenant, one reply each; bot budget: tenant window lifted.");
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

    private static async Task<Server> StartAsync(string name, string assembly, Dictionary<string, string?> environment, string logs)
    {
        var port = FreePort.Next();
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = ChildProcess.Start(name, Path.Combine(AppContext.BaseDirectory, assembly), ["--urls", $"http://127.0.0.1:{port}"],
            Path.Combine(TestPaths.RepoRoot, "src", "KhConferenceBot"), environment, logs);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await HttpReadiness.WaitAsync(new Uri(url, "healthz"), TimeSpan.FromSeconds(60), name, process);
        return new Server(name, url, process);
    }

    private static async Task<Measurement> MeasureAsync(HttpClient client, FakeConnector connector, Server target, int concurrency, double seconds, int minimum = 0)
    {
        var serviceUrl = connector.ServiceUrl.ToString();
        var sentIds = new System.Collections.Concurrent.ConcurrentBag<string>();
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        var cpuBefore = target.CpuTicks();
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < until || sentIds.Count < minimum)
            {
                var id = "bench-" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
                var activity = Message(id, serviceUrl);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync(new Uri(target.Url, "api/messages"), activity, TeamsJson.Options);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                sentIds.Add(id);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = target.CpuTicks() - cpuBefore;

        // Replies are posted before the turn answers, so they are all in by now; each activity id once, no other.
        var ids = sentIds.ToHashSet(StringComparer.Ordinal);
        var replies = connector.Sends.Where(c => c.Activity?.ReplyToId is { } r && ids.Contains(r)).GroupBy(c => c.Activity!.ReplyToId!).ToList();
        var duplicates = replies.Count(g => g.Count() > 1);
        var missing = ids.Count - replies.Count;
        var sorted = latencies.Order().ToArray();
        return new Measurement(
            target.Name, concurrency, ids.Count, ids.Count / elapsed,
            Percentile(sorted, 0.50), Percentile(sorted, 0.99),
            cpu * 1_000_000.0 / ClockTicksPerSecond / Math.Max(1, ids.Count),
            failures == 0 && duplicates == 0 && missing == 0,
            $"{failures} non-2xx, {missing} without reply, {duplicates} with several");
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static Activity Message(string id, string serviceUrl)
    {
        var user = (int)(Interlocked.Read(ref _nextId) % _users);
        var aad = $"00000000-0000-0000-0003-{user:D12}";
        return new Activity
        {
            Type = ActivityTypes.Message,
            Id = id,
            Text = "xin chào",
            ChannelId = "msteams",
            ServiceUrl = serviceUrl,
            Locale = "vi-VN",
            From = new ChannelAccount { Id = "29:bench-" + user.ToString(CultureInfo.InvariantCulture), AadObjectId = aad, Name = "Đại biểu " + user.ToString(CultureInfo.InvariantCulture) },
            Recipient = new ChannelAccount { Id = "28:bench-bot", Name = "KhConferenceBot" },
            Conversation = new ConversationAccount { Id = "a:bench-" + aad, ConversationType = ConversationTypes.Personal, TenantId = Tenant },
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = Tenant } },
        };
    }

    private sealed record Measurement(string Target, int Concurrency, int Count, double Throughput, double P50, double P99, double CpuMicrosPerActivity, bool RepliesOk, string ReplyProblem);

    private sealed class Server(string name, Uri url, ChildProcess process) : IAsyncDisposable
    {
        public string Name { get; } = name;

        public Uri Url { get; } = url;

        /// <summary>utime + stime of the process, in clock ticks (fields 14 and 15 of /proc/pid/stat).</summary>
        public long CpuTicks()
        {
            var stat = File.ReadAllText($"/proc/{process.Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        public ValueTask DisposeAsync() => process.DisposeAsync();
    }
}
