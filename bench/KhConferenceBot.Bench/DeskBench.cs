using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

/// <summary>
/// bench/run desk [people] [desks]: the morning rush at the reception. The bot (Release, its own process, Azurite, local
/// mode) with the sample conference and <c>people</c> confirmed delegates holding passes; <c>desks</c> desks each check in
/// their share in parallel through the desk API (POST …/checkin/scan, half by QR token, half by typed code), one request
/// at a time per desk as a person at a desk would. Baseline, measured in the same run with the same parallelism: a plain
/// point read of one table row from the bench to the same Azurite. Target: check-in p95 within 2x the read's p95.
/// </summary>
internal static class DeskBench
{
    private const string Key = "bench-desk-organizer-key-0123456789";
    private const string ConferenceId = "khanh-hoa-2023";

    public static async Task<int> RunAsync(string[] args)
    {
        var people = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
        var desks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var connector = await FakeConnector.StartAsync();
        var prefix = AzuriteFixture.NewTablePrefix("desk");
        var port = FreePort.Next();
        var logs = TestPaths.ArtifactsDirectory("bench");
        await using var bot = ChildProcess.Start("bot-desk", Path.Combine(AppContext.BaseDirectory, "KhConferenceBot"), ["--urls", $"http://127.0.0.1:{port}"],
            Path.Combine(TestPaths.RepoRoot, "src", "KhConferenceBot"), new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Storage__ConnectionString"] = azurite.ConnectionString,
                ["Storage__TablePrefix"] = prefix,
                ["Bot__MicrosoftAppId"] = "",
                ["Outbox__DefaultServiceUrl"] = connector.ServiceUrl.ToString(),
                ["Planning__SamplePlans__0"] = Path.Combine(TestPaths.RepoRoot, "samples", "khanh-hoa-2023", "ke-hoach.txt"),
                ["Conference__PublicBaseUrl"] = "http://127.0.0.1:3978",
                ["Conference__Organizers__0"] = "00000000-0000-0000-0000-0000000000a0",
                ["Organizer__LocalApiKey"] = Key,
                ["Logging__LogLevel__Default"] = "Warning",
            }, logs);
        var url = new Uri($"http://127.0.0.1:{port}/");
        await HttpReadiness.WaitAsync(new Uri(url, "healthz"), TimeSpan.FromSeconds(60), "bot-desk", bot);

        // The same tables the bot uses, written with the bot's own stores: delegates, their answers, their passes.
        var tables = new TableStore(new TableServiceClient(azurite.ConnectionString), Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString, TablePrefix = prefix }));
        var passes = await ConfirmAsync(tables, people);

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = url };
        client.DefaultRequestHeaders.Add("X-Organizer-Key", Key);

        // Warm-up: JIT, connections, the conference and its key in the bot's memory (a refused code records nothing).
        for (var i = 0; i < 20; i++)
        {
            using var warm = await client.PostAsJsonAsync($"api/organizer/conferences/{ConferenceId}/checkin/scan", new DeskScanRequest("ZZZ222", "Bàn 0"));
        }

        var read = await tables.GetTableAsync("checkin", CancellationToken.None);
        var baseline = await InParallelAsync(people, desks, async (i, _) =>
        {
            await read.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(ConferenceId), "secret");
            return true;
        });

        var statuses = new ConcurrentBag<string>();
        var checkIns = await InParallelAsync(people, desks, async (i, desk) =>
        {
            var pass = passes[i];
            using var response = await client.PostAsJsonAsync($"api/organizer/conferences/{ConferenceId}/checkin/scan", new DeskScanRequest(i % 2 == 0 ? pass.Token : pass.Code, $"Bàn {desk + 1}"));
            var answer = await response.Content.ReadFromJsonAsync<DeskAnswer>();
            statuses.Add(answer?.Status ?? "http " + (int)response.StatusCode);
            return answer?.Status == "checkedIn";
        });

        var stored = (await new CheckInStore(tables).ListCheckInsAsync(ConferenceId, CancellationToken.None)).Count;
        Console.WriteLine($"Desk: {people} confirmed delegates, {desks} desks in parallel (one request at a time each), bot in Release on Azurite; baseline = one table point read from the bench, same parallelism.");
        Console.WriteLine("measure                 count   p50 ms   p95 ms   max ms   ok");
        Print("plain storage read", baseline);
        Print("desk check-in (scan)", checkIns);
        var ratio = checkIns.P95 / baseline.P95;
        Console.WriteLine($"p95 ratio {ratio:0.0}x (target <= 2x): {(ratio <= 2 ? "met" : "NOT met")}; check-ins stored {stored}/{people}; answers {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}"))}");
        return stored == people ? 0 : 1;
    }

    private static async Task<IReadOnlyList<CheckInPass>> ConfirmAsync(TableStore tables, int people)
    {
        var directory = new TableConferenceStore(tables);
        var conference = (await directory.GetAsync(ConferenceId, CancellationToken.None))?.Conference
            ?? throw new InvalidOperationException("The bot did not load the sample conference.");
        var delegates = new TableDelegateStore(tables);
        var rsvps = new TableRsvpStore(tables);
        var now = DateTimeOffset.UtcNow;
        var list = Enumerable.Range(1, people).Select(i => new ConferenceDelegate
        {
            Id = $"dai-bieu-{i:D4}@bench.example",
            Name = $"Đại biểu {i:D4}",
            Organisation = $"Đơn vị {i % 17:D2}",
            GroupId = conference.Groups[i % conference.Groups.Count].Id,
            Email = $"dai-bieu-{i:D4}@bench.example",
            UpdatedAt = now,
        }).ToList();
        await delegates.UpsertAsync(ConferenceId, list, CancellationToken.None);
        var service = new PassService(new CheckInStore(tables), new PassHolders(delegates, rsvps), TimeProvider.System);
        var passes = new CheckInPass[people];
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            await rsvps.TrySaveAsync(new RsvpRecord { ConferenceId = ConferenceId, DelegateId = list[i].Id, Answer = RsvpAnswer.Attend, AnsweredAt = now }, null, cancellationToken);
            passes[i] = (await service.GetOrIssueAsync(conference, list[i].Id, cancellationToken))!;
        });
        return passes;
    }

    /// <summary><paramref name="count"/> operations shared among <paramref name="workers"/> workers, each doing one at a time; the latency of each.</summary>
    private static async Task<Result> InParallelAsync(int count, int workers, Func<int, int, Task<bool>> operation)
    {
        var latencies = new ConcurrentBag<double>();
        var ok = 0;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async worker =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                if (await operation(i, worker))
                {
                    Interlocked.Increment(ref ok);
                }

                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new Result(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1], ok);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static void Print(string name, Result r) =>
        Console.WriteLine($"{name,-22} {r.Count,6} {r.P50,8:0.00} {r.P95,8:0.00} {r.Max,8:0.00} {r.Ok,5}");

    private sealed record Result(int Count, double P50, double P95, double Max, int Ok);
}
