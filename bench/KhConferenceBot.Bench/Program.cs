using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using KhConferenceBot.Graph;
using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

// bench/run [sizes...]: the outbox benchmark; bench/run inbound|storm|burst|memory: see InboundBench, StormBench, BurstBench, MemoryBench.
// Outbox benchmark: the real TableOutbox on Azurite and the real OutboxSender, against a fake Teams that answers 429
// exactly where Teams' published limits would, on simulated time (FakeTimeProvider advanced by the bench whenever the
// sender has nothing in flight). Baseline: the permitted tenant rate, 50 Connector calls per second.
const double PermittedRate = 50.0;

switch (args.FirstOrDefault())
{
    case "desk":
        return await DeskBench.RunAsync(args[1..]);
    case "inbound":
        return await InboundBench.RunAsync(args[1..]);
    case "storm":
        return await StormBench.RunAsync(args[1..]);
    case "burst":
        return await BurstBench.RunAsync(args[1..]);
    case "memory":
        return await MemoryBench.RunAsync(args[1..]);
}

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [200, 20_000];
await using var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
Console.WriteLine($"Storage: {(azurite.OwnsAzurite ? "private Azurite (started by the bench)" : "Azurite from " + AzuriteFixture.EnvironmentVariable)}");
Console.WriteLine($"Baseline: Teams permits {PermittedRate:0} Connector calls/s per tenant; the send budget keeps a 10 % margin (windows 1.1 s), so ~{PermittedRate / 1.1:0.0}/s is the most a 429-free sender can do.");
Console.WriteLine("calls/s = successful Connector calls / simulated seconds until the last send; the first window's 50 calls go at t=0, so short runs read a little above 50/s.");
Console.WriteLine();
Console.WriteLine($"Load average {Stats.LoadAverage()}. table ops/recipient = storage requests of the enqueue and the drain, divided by the recipients; 429s = all (random ones in brackets).");
Console.WriteLine("scenario                           recipients  calls  sim s   calls/s  ratio  429s (random)  dup  lost  wall s  rows/s wall  enqueue s  table ops/recipient");

// Invitations cost about five table operations per row on Azurite (claim, reference read and write, target, sent);
// above 2,000 rows that takes many minutes of wall time, so the large sizes run the known-chat scenario only.
foreach (var size in sizes.Where(s => s <= 2000))
{
    // Invitations to people the bot has never talked to: a 1:1 chat is created (one call), then the card sent (one call).
    await RunAsync(azurite.ConnectionString, $"invite {size} new users", size, knownChats: false);
}

foreach (var size in sizes)
{
    // Messages to chats the bot already knows (reminders): one call per recipient, which isolates the sender loop.
    await RunAsync(azurite.ConnectionString, $"remind {size} known chats", size, knownChats: true);
}

foreach (var size in sizes)
{
    // Teams also throttles for reasons of its own: 5 % of calls answered 429 with Retry-After 1 s, at random.
    await RunAsync(azurite.ConnectionString, $"remind {size}, 5 % random 429", size, knownChats: true, randomThrottle: 0.05);
}

foreach (var size in sizes.Where(s => s <= 2000))
{
    await RunAsync(azurite.ConnectionString, $"invite {size} new, 5 % random 429", size, knownChats: false, randomThrottle: 0.05);
}

foreach (var size in sizes.Where(s => s <= 1000))
{
    // A slow Teams: one call in 20 gets no answer for 60 s (past the 30 s request timeout) and then lands after all.
    // Target: no duplicates (the late answer is waited for) and throughput barely touched (hung calls hold no slot).
    await RunAsync(azurite.ConnectionString, $"remind {size}, 1/20 hang 60 s", size, knownChats: true, hangEvery: 20);
}

return 0;

static async Task RunAsync(string storage, string name, int recipients, bool knownChats, int hangEvery = 0, double randomThrottle = 0)
{
    var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
    await using var connector = await FakeConnector.StartAsync(time);
    connector.EnforceTeamsLimits = true;
    connector.RandomThrottleRate = randomThrottle;
    var storageRequests = new StorageRequestCounter();

    var builder = Host.CreateApplicationBuilder();
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = storage,
        ["Storage:TablePrefix"] = AzuriteFixture.NewTablePrefix("bench"),
        ["Bot:MicrosoftAppId"] = "",
        ["Outbox:DefaultServiceUrl"] = connector.ServiceUrl.ToString(),

        // A 429 goes back to the outbox, which waits out its Retry-After in the open (NextAttemptAt): the Connector's
        // own retry would wait for it inside the call, on the simulated clock only this loop moves, and never finish.
        ["Bot:MaxRetries"] = "0",
    });
    var services = builder.Services;
    services.AddSingleton<TimeProvider>(time);
    services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection(StorageOptions.SectionName));
    services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString, storageRequests.AddTo(new TableClientOptions())));
    services.AddSingleton<TableStore>();
    services.AddSingleton<IConversationReferenceStore, TableConversationReferenceStore>();
    services.AddTeamsConnector(builder.Configuration);
    services.AddConferenceGraph(builder.Configuration);
    services.AddOutbox(builder.Configuration);
    using var host = builder.Build();

    var outbox = host.Services.GetRequiredService<IOutbox>();
    var sender = host.Services.GetRequiredService<OutboxSender>();
    var purpose = knownChats ? "reminder" : "invitation";
    var messages = Enumerable.Range(0, recipients).Select(i =>
    {
        var key = "d" + i.ToString("D6", CultureInfo.InvariantCulture);
        var activity = KhConferenceBot.Teams.Schema.Activity.CreateMessage($"Kính mời đại biểu {i} dự Hội nghị tổng kết năm 2026, 08h00 - 11h30 ngày 01/12/2026.");
        return knownChats
            ? new OutboxMessage(purpose, key, activity, ConversationId: "a:chat-" + key, ServiceUrl: connector.ServiceUrl.ToString())
            : new OutboxMessage(purpose, key, activity, UserAadObjectId: $"00000000-0000-0000-0002-{i:D12}");
    }).ToList();

    // Enqueue before the sender starts so the measurement covers draining only.
    var enqueueClock = Stopwatch.StartNew();
    var added = await outbox.EnqueueAsync(messages, CancellationToken.None);
    var enqueueSeconds = enqueueClock.Elapsed.TotalSeconds;
    if (added != recipients)
    {
        throw new InvalidOperationException($"Enqueued {added} of {recipients}.");
    }

    for (var i = 0; hangEvery > 0 && i < recipients; i++)
    {
        if (i % hangEvery == hangEvery - 1)
        {
            connector.HangNext(TimeSpan.FromSeconds(60));
        }
        else
        {
            connector.Script(_ => null);
        }
    }

    var expectedCalls = knownChats ? recipients : 2 * recipients;
    var simStart = time.GetUtcNow();
    var simLimit = TimeSpan.FromSeconds(expectedCalls / PermittedRate * 3 + 120);
    var wall = Stopwatch.StartNew();
    await host.StartAsync();
    while (Delivered(connector).Count < recipients && time.GetUtcNow() - simStart < simLimit)
    {
        await Task.WhenAny(sender.WhenIdleAsync(), WhenOnlyHungCallsAsync(sender, connector)).WaitAsync(TimeSpan.FromMinutes(1));
        if (Delivered(connector).Count >= recipients)
        {
            break;
        }

        var now = time.GetUtcNow();
        var next = sender.NextWakeAt ?? now + TimeSpan.FromMilliseconds(100);
        time.Advance(next > now ? next - now : TimeSpan.FromMilliseconds(1));
    }

    var simSeconds = (time.GetUtcNow() - simStart).TotalSeconds;
    var wallSeconds = wall.Elapsed.TotalSeconds;
    await host.StopAsync();

    var delivered = Delivered(connector);
    var duplicates = delivered.Values.Sum(v => v - 1);
    var tableOps = storageRequests.Count / (double)recipients;
    var counts = await outbox.CountsAsync(purpose, CancellationToken.None);
    var lost = recipients - delivered.Count;
    var calls = connector.Calls.Count(c => c.Status == 200 && c.Method == "POST");
    var rate = calls / Math.Max(simSeconds, 1e-9);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-34} {recipients,10} {calls,6} {simSeconds,6:0.0} {rate,9:0.0} {rate / PermittedRate,6:0.00} {connector.ThrottledCount,5} ({connector.RandomThrottledCount,5}) {duplicates,4} {lost,5} {wallSeconds,7:0.0} {recipients / wallSeconds,12:0} {enqueueSeconds,10:0.0} {tableOps,20:0.0}"));
    if (counts.Sent != recipients)
    {
        Console.WriteLine($"  outbox rows: {counts}");
    }
}

// Calls the fake holds wait for simulated time: when every send in flight is one of them, the clock may move. (Polled on
// the wall clock: the bench, unlike the tests, may spend a few milliseconds looking.)
static async Task WhenOnlyHungCallsAsync(OutboxSender sender, FakeConnector connector)
{
    while (connector.Held == 0 || connector.Held < sender.InFlight)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(5));
    }
}

static Dictionary<string, int> Delivered(FakeConnector connector) =>
    connector.Sends.Where(c => c.Status == 200).GroupBy(c => c.ConversationId).ToDictionary(g => g.Key, g => g.Count());

/// <summary>Counts the requests the storage client makes (a pipeline policy on the real client).</summary>
internal sealed class StorageRequestCounter : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public TableClientOptions AddTo(TableClientOptions options)
    {
        options.AddPolicy(this, Azure.Core.HttpPipelinePosition.PerCall);
        return options;
    }

    public override void OnSendingRequest(Azure.Core.HttpMessage message) => Interlocked.Increment(ref _count);
}
