using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Data.Tables;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Outbox;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Activity = KhConferenceBot.Teams.Schema.Activity;

/// <summary>
/// bench/run memory [delegates] [questions]: the bot's resident size (VmRSS, and VmHWM, the peak) with a large
/// conference, 20,000 delegates, an outbox holding one invitation per delegate (due tomorrow, so it stays full) and 2,000
/// questions, against a bot with the same sample at 200 delegates and nothing else, both started in the same run. Both
/// then take the same 2,000 personal turns (a different delegate each) and the organizer's status and question board
/// 20 times each: a read that grows with the delegate count shows as growth of the large bot past the small one's.
/// </summary>
internal static class MemoryBench
{
    private const string Organizer = "00000000-0000-0000-0000-0000000000a0";
    private const string Tenant = "bench-memory-tenant";

    public static async Task<int> RunAsync(string[] args)
    {
        var delegates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20_000;
        var questions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2_000;
        const int small = 200;
        await using var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        await using var connector = await FakeConnector.StartAsync();
        var settings = (string name, int count) => new Dictionary<string, string?>
        {
            ["Planning__SamplePlans__0"] = BenchSample.Write("memory-" + name, count),
            ["Conference__Organizers__0"] = Organizer,
            ["Bot__SendBudget__TenantWindows__0__Limit"] = "1000000",
            ["Bot__SendBudget__TenantWindows__0__Window"] = "00:00:01",
        };
        var smallPrefix = AzuriteFixture.NewTablePrefix("mems");
        var largePrefix = AzuriteFixture.NewTablePrefix("meml");
        var clock = Stopwatch.StartNew();
        await using var smallBot = await BenchServer.StartBotAsync(azurite.ConnectionString, smallPrefix, connector.ServiceUrl, settings("small", small));
        await using var largeBot = await BenchServer.StartBotAsync(azurite.ConnectionString, largePrefix, connector.ServiceUrl, settings("large", delegates));
        Console.WriteLine($"Memory (load average {Stats.LoadAverage()}): bots started, delegates imported at start, in {clock.Elapsed.TotalSeconds:0} s.");
        Console.WriteLine("bot                                   step                               VmRSS MB  VmHWM MB");
        var bots = new[] { (Name: $"{small} delegates", Bot: smallBot), (Name: $"{delegates:N0} delegates, outbox, {questions:N0} q.", Bot: largeBot) };
        void Report(string step)
        {
            foreach (var (name, bot) in bots)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-37} {step,-34} {bot.StatusMegabytes("VmRSS"),8:0} {bot.StatusMegabytes("VmHWM"),9:0}"));
            }
        }

        Report("started");
        await FillAsync(azurite.ConnectionString, largePrefix, delegates, questions);
        Report("outbox and questions written");

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        foreach (var (_, bot) in bots)
        {
            await TurnsAsync(client, bot, connector, Enumerable.Range(0, 2_000).Select(i => (BenchSample.Aad(i), "xin chào")));
        }

        Report("2,000 personal turns");
        foreach (var (_, bot) in bots)
        {
            await TurnsAsync(client, bot, connector, Enumerable.Range(0, 20).SelectMany(_ => new[] { (Organizer, "tình hình"), (Organizer, "bảng câu hỏi") }));
        }

        Report("20 x status + question board");
        var statusReplies = connector.Sends.Count(c => c.ConversationId == "a:mem-" + Organizer && c.Status == 200);
        Console.WriteLine($"Organizer answers received: {statusReplies} (80 expected: 40 per bot).");
        return 0;
    }

    /// <summary>One invitation per delegate due tomorrow (the sender leaves them be) and the questions, written as the bot would.</summary>
    private static async Task FillAsync(string storage, string prefix, int delegates, int questions)
    {
        var tables = new TableStore(new TableServiceClient(storage), Options.Create(new StorageOptions { ConnectionString = storage, TablePrefix = prefix }));
        var outbox = new TableOutbox(tables, new OutboxSignal(), TimeProvider.System);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        var invitations = Enumerable.Range(0, delegates).Select(i => new OutboxMessage(
            OutboxPurposes.Of(BenchSample.ConferenceId, "invitation"), BenchSample.Email(i),
            Activity.CreateMessage($"Kính mời đại biểu số {i + 1} dự Hội nghị công bố các chỉ số cải cách hành chính năm 2023."),
            UserAadObjectId: BenchSample.Aad(i), NotBefore: tomorrow)).ToList();
        var added = await outbox.EnqueueAsync(invitations, CancellationToken.None);
        var store = new TableQuestionStore(tables);
        await Parallel.ForEachAsync(Enumerable.Range(0, questions), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await store.AddAsync(BenchSample.ConferenceId, number => new Question
            {
                Number = number,
                Topic = (QuestionTopic)(i % 4),
                Text = $"Câu hỏi số {i + 1}: đề nghị Sở Nội vụ cho biết giải pháp nâng cao chỉ số PAR-Index của tỉnh trong năm tới, nhất là ở cấp xã?",
                Author = new QuestionAuthor(BenchSample.Aad(i), $"Đại biểu số {i + 1}", $"Sở số {i + 1}", ShowName: true),
                CreatedAt = DateTimeOffset.UtcNow,
                UpdatedAt = DateTimeOffset.UtcNow,
            }, ct));
        Console.WriteLine($"Written: {added} outbox rows, {questions} questions.");
    }

    private static async Task TurnsAsync(HttpClient client, BenchServer bot, FakeConnector connector, IEnumerable<(string Aad, string Text)> turns) =>
        await Parallel.ForEachAsync(turns, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (turn, ct) =>
        {
            using var response = await client.PostAsJsonAsync(bot.Messages, Message(turn.Aad, turn.Text, connector.ServiceUrl.ToString()), TeamsJson.Options, ct);
            response.EnsureSuccessStatusCode();
        });

    private static Activity Message(string aad, string text, string serviceUrl) =>
        BenchSample.Message("mem-" + Guid.NewGuid().ToString("N"), text, aad, "a:mem-" + aad, Tenant, serviceUrl);
}
