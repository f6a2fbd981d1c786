using System.Text.RegularExpressions;
using Azure.Data.Tables;
using KhConferenceBot.Common;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Common;

/// <summary>The shared background loop against real storage behind a proxy the test cuts (a storage outage).</summary>
[Collection(StorageCollection.Name)]
public sealed partial class ClockedBackgroundServiceTests(AzuriteFixture storage) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger _logger = new();
    private StorageProxy _proxy = null!;
    private StorageLoop _loop = null!;

    public async Task InitializeAsync()
    {
        _proxy = StorageProxy.InFrontOf(storage);
        var table = new TableClient(_proxy.ConnectionString, AzuriteFixture.NewTablePrefix("loop"), FastRetries());
        await table.CreateIfNotExistsAsync();
        _loop = new StorageLoop(table, _time, _logger);
        await _loop.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(Patience);
        await _loop.WaitForTickAsync(_time.GetUtcNow(), timeout.Token); // the first tick, before any test cuts storage
    }

    public async Task DisposeAsync()
    {
        await _loop.StopAsync(CancellationToken.None);
        _loop.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task ExecuteAsync_StorageRefusesConnections_KeepsTickingAndWarnsOnce()
    {
        _proxy.Cut();

        await TicksAsync(4);

        Assert.False(_loop.ExecuteTask!.IsCompleted);
        Assert.True(_loop.InOutage);
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        // The SDK's "Retry failed after N tries" (AggregateException) or, when the cut resets a connection mid-request,
        // the socket error itself: either way a storage outage, logged with its exception.
        Assert.True(warning.Exception is { } logged && KhConferenceBot.Storage.StorageOutage.IsOutage(logged), $"Not an outage: {warning.Exception}");
        Assert.Contains(nameof(StorageLoop), warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_StorageBack_LogsTheRecoveryOnceAndTheNextOutageAgain()
    {
        _proxy.Cut();
        await TicksAsync(3);
        _proxy.Restore();
        await TicksAsync(2);

        Assert.False(_loop.InOutage);
        var records = _logger.Collector.GetSnapshot();
        var recovered = Assert.Single(records, r => r.Level == LogLevel.Information);
        Assert.Matches(RecoveredAfterThree(), recovered.Message);

        _proxy.Cut();
        await TicksAsync(2);
        Assert.Equal(2, _logger.Collector.GetSnapshot().Count(r => r.Level == LogLevel.Warning));
    }

    [Fact]
    public async Task ExecuteAsync_TickThrowsAnyException_KeepsRunning()
    {
        _loop.Failure = new InvalidOperationException("a bug in one tick");

        await TicksAsync(2);
        _loop.Failure = null;
        await TicksAsync(1);

        Assert.False(_loop.ExecuteTask!.IsCompleted);
        Assert.False(_loop.InOutage);
        Assert.Equal(4, _loop.Ticks); // the first tick at start, then the three this test asked for
    }

    [Fact]
    public async Task StopAsync_DuringOutage_EndsTheLoopWithoutFault()
    {
        _proxy.Cut();
        await TicksAsync(1);

        await _loop.StopAsync(CancellationToken.None);

        Assert.True(_loop.ExecuteTask!.IsCompletedSuccessfully);
    }

    /// <summary>Azure's retry shape (3 retries, so "Retry failed after 4 tries"), without its seconds of back-off.</summary>
    internal static TableClientOptions FastRetries()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxDelay = TimeSpan.FromMilliseconds(5);
        return options;
    }

    /// <summary>Asks for <paramref name="count"/> more ticks, one clock second apart, and waits until each has run.</summary>
    private async Task TicksAsync(int count)
    {
        using var timeout = new CancellationTokenSource(Patience);
        for (var i = 0; i < count; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await _loop.WaitForTickAsync(_time.GetUtcNow(), timeout.Token);
        }
    }

    [GeneratedRegex(@"StorageLoop recovered after .* and 3 failed attempts")]
    private static partial Regex RecoveredAfterThree();

    private sealed class StorageLoop(TableClient table, TimeProvider time, ILogger logger) : ClockedBackgroundService(time, logger)
    {
        private int _ticks;

        public Exception? Failure { get; set; }

        public int Ticks => Volatile.Read(ref _ticks);

        protected override TimeSpan Interval => TimeSpan.FromMinutes(1);

        protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _ticks);
            if (Failure is { } failure)
            {
                throw failure;
            }

            await table.GetEntityIfExistsAsync<TableEntity>("p", "r", cancellationToken: cancellationToken);
        }
    }
}
