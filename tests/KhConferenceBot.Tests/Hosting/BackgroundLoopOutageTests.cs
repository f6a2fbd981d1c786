using Azure.Data.Tables;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Features.Reminders;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Common;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace KhConferenceBot.Tests.Hosting;

/// <summary>
/// The whole bot with its storage behind a proxy the test cuts: every background loop keeps running through the outage,
/// says so once (not once per tick) and says once when storage is back. Before, the question auto-poster let the Azure
/// SDK's AggregateException escape and the host stopped.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class BackgroundLoopOutageTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const int OutageStarted = 9001;
    private const int OutageEnded = 9003;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static readonly Type[] Loops =
        [typeof(LiveAgendaService), typeof(ReminderScheduler), typeof(AutoReminderService), typeof(QuestionPublisher), typeof(QuestionAutoPoster), typeof(PersonalDataRetentionService), typeof(ScheduledSendJob), typeof(HeadcountCardPublisher)];

    private StorageProxy _proxy = null!;
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _proxy = StorageProxy.InFrontOf(storage);
        var proxied = _proxy.ConnectionString;
        _host = await BotTestHost.StartAsync(
            storage,
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = proxied },
            configureServices: services =>
            {
                services.AddLogging(b => b.AddFakeLogging());
                services.AddSingleton(new TableServiceClient(proxied, ClockedBackgroundServiceTests.FastRetries()));
            });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task BackgroundLoops_StorageCut_KeepRunningAndLogEachOutageOnce()
    {
        var loops = _host.Services.GetServices<IHostedService>().OfType<ClockedBackgroundService>().Where(l => l.Enabled).ToList();
        Assert.Equal(Loops.OrderBy(t => t.Name), loops.Select(l => l.GetType()).OrderBy(t => t.Name));
        var sender = _host.Service<OutboxSender>();
        await TickAllAsync(loops, sender);

        _proxy.Cut();
        _host.Service<QuestionPublisher>().MarkChanged(BotTestHost.SampleId); // idle otherwise: give it a card update that needs storage
        for (var round = 0; round < 3; round++)
        {
            await TickAllAsync(loops, sender);
        }

        Assert.All(loops, l => Assert.True(l.InOutage, $"{l.GetType().Name} did not reach storage"));
        Assert.All(loops.Cast<BackgroundService>().Append(sender), l => Assert.False(l.ExecuteTask!.IsCompleted, $"{l.GetType().Name} stopped"));
        var logs = _host.Services.GetFakeLogCollector().GetSnapshot();
        foreach (var loop in Loops.Append(typeof(OutboxSender)))
        {
            Assert.Single(logs, r => r.Category == loop.FullName && r.Id.Id == OutageStarted);
            Assert.DoesNotContain(logs, r => r.Category == loop.FullName && r.Level >= LogLevel.Warning && r.Id.Id != OutageStarted);
        }

        _proxy.Restore();
        await TickAllAsync(loops, sender);

        Assert.All(loops, l => Assert.False(l.InOutage, $"{l.GetType().Name} still failing"));
        logs = _host.Services.GetFakeLogCollector().GetSnapshot();
        foreach (var loop in Loops.Append(typeof(OutboxSender)))
        {
            Assert.Single(logs, r => r.Category == loop.FullName && r.Id.Id == OutageEnded);
        }
    }

    /// <summary>Moves the clock a poll interval on and waits until every loop and the outbox sender have run once more.</summary>
    private async Task TickAllAsync(List<ClockedBackgroundService> loops, OutboxSender sender)
    {
        using var timeout = new CancellationTokenSource(Patience);
        _host.Time.Advance(TimeSpan.FromSeconds(6));
        var now = _host.Time.GetUtcNow();
        await Task.WhenAll(loops.Select(l => l.WaitForTickAsync(now, timeout.Token)));
        await sender.WhenIdleAsync().WaitAsync(timeout.Token);
    }
}
