using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Agenda;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Storage;

/// <summary>The caches of the turn path, each next to a second, uncached store on the same tables: another instance.</summary>
[Collection(StorageCollection.Name)]
public sealed class TurnCacheTests(AzuriteFixture storage)
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task GetLanguageAsync_ChangedOnAnotherInstance_SeenAfterTheVersionCheckNotBefore()
    {
        var tables = NewTables();
        var cached = new CachingUserPreferenceStore(new TableUserPreferenceStore(tables), tables, _time);
        var otherInstance = new CachingUserPreferenceStore(new TableUserPreferenceStore(tables), tables, _time);

        Assert.Null(await cached.GetLanguageAsync("u1", CancellationToken.None));
        await otherInstance.SetLanguageAsync("u1", Language.En, CancellationToken.None);
        Assert.Null(await cached.GetLanguageAsync("u1", CancellationToken.None));

        _time.Advance(CachingUserPreferenceStore.VersionCheckInterval);
        Assert.Equal(Language.En, await cached.GetLanguageAsync("u1", CancellationToken.None));
    }

    [Fact]
    public async Task SetLanguageAsync_ThroughTheCache_SeenAtOnce()
    {
        var tables = NewTables();
        var cached = new CachingUserPreferenceStore(new TableUserPreferenceStore(tables), tables, _time);
        Assert.Null(await cached.GetLanguageAsync("u2", CancellationToken.None));

        await cached.SetLanguageAsync("u2", Language.En, CancellationToken.None);

        Assert.Equal(Language.En, await cached.GetLanguageAsync("u2", CancellationToken.None));
    }

    [Fact]
    public async Task GetAsync_ConferenceChangedOnAnotherInstance_SeenAfterTheExpiryNotBefore()
    {
        var tables = NewTables();
        var otherInstance = new TableConferenceStore(tables);
        var cached = new CachingConferenceStore(new TableConferenceStore(tables), _time);
        var conference = AgendaRenderingTests.Sample();
        await otherInstance.UpsertAsync(conference, CancellationToken.None);
        var first = await cached.GetAsync(conference.Id, CancellationToken.None);

        conference.Capacity = 350;
        Assert.True(await otherInstance.TryReplaceAsync(conference, first!.ETag, CancellationToken.None));
        Assert.Equal(first.Conference.Capacity, (await cached.GetAsync(conference.Id, CancellationToken.None))!.Conference.Capacity);

        _time.Advance(CachingConferenceStore.Expiry);
        Assert.Equal(350, (await cached.GetAsync(conference.Id, CancellationToken.None))!.Conference.Capacity);
    }

    [Fact]
    public async Task TryReplaceAsync_SomeoneChangedItFirst_NextReadComesFromStorage()
    {
        var tables = NewTables();
        var otherInstance = new TableConferenceStore(tables);
        var cached = new CachingConferenceStore(new TableConferenceStore(tables), _time);
        var conference = AgendaRenderingTests.Sample();
        await otherInstance.UpsertAsync(conference, CancellationToken.None);
        var read = (await cached.GetAsync(conference.Id, CancellationToken.None))!;
        conference.Capacity = 350;
        Assert.True(await otherInstance.TryReplaceAsync(conference, read.ETag, CancellationToken.None));

        // The schedule-change pattern: edit what was read, write it back if nobody changed it, else read again and retry.
        read.Conference.Capacity = 400;
        Assert.False(await cached.TryReplaceAsync(read.Conference, read.ETag, CancellationToken.None));
        var again = (await cached.GetAsync(conference.Id, CancellationToken.None))!;

        Assert.Equal(350, again.Conference.Capacity);
        Assert.NotEqual(read.ETag, again.ETag);
    }

    [Fact]
    public async Task GetAsync_CallerEditsWhatItRead_OtherReadersDoNotSeeTheEdit()
    {
        var tables = NewTables();
        var cached = new CachingConferenceStore(new TableConferenceStore(tables), _time);
        var conference = AgendaRenderingTests.Sample();
        await cached.UpsertAsync(conference, CancellationToken.None);

        var mine = (await cached.GetAsync(conference.Id, CancellationToken.None))!;
        mine.Conference.Agenda.Clear();

        Assert.Equal(conference.Agenda.Count, (await cached.GetAsync(conference.Id, CancellationToken.None))!.Conference.Agenda.Count);
    }

    [Fact]
    public async Task Turn_SameUserWritesAgain_MakesNoStorageCall()
    {
        var requests = new StorageRequestLog();
        await using var host = await BotTestHost.StartAsync(storage, configureServices: services =>
            services.AddSingleton(new TableServiceClient(storage.ConnectionString, requests.AddTo(new TableClientOptions()))));
        (await host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "xin chào"))).EnsureSuccessStatusCode();
        requests.Clear();

        for (var i = 0; i < 5; i++)
        {
            (await host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "xin chào"))).EnsureSuccessStatusCode();
        }

        // Before the caches: a conference read and a language read per turn; after h-core's resolver, also the role
        // index, the role or delegate row per active conference. The version checks read once per 2 s, and the clock
        // does not move here.
        Assert.Empty(requests.All);
        Assert.Equal(6, host.Connector.SentTo(TestUsers.Hung.PersonalConversationId).Count);
    }

    [Fact]
    public void ExpiringCache_MoreKeysThanCapacity_StaysBounded()
    {
        var cache = new ExpiringCache<int>(_time, TimeSpan.FromMinutes(1), capacity: 100);
        for (var i = 0; i < 1_000; i++)
        {
            cache.Set("k" + i, i);
        }

        Assert.InRange(cache.Count, 1, 100);
        Assert.True(cache.TryGet("k999", out var last));
        Assert.Equal(999, last);
    }

    /// <summary>Every request the storage client makes, as "METHOD /account/table(...)"; a real Azurite answers them.</summary>
    private sealed class StorageRequestLog : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _requests = new();

        public TableClientOptions AddTo(TableClientOptions options)
        {
            options.AddPolicy(this, HttpPipelinePosition.PerCall);
            return options;
        }

        public void Clear() => _requests.Clear();

        public List<string> All => [.. _requests];

        public override void OnSendingRequest(HttpMessage message) =>
            _requests.Enqueue(message.Request.Method + " " + message.Request.Uri.Path);
    }

    private TableStore NewTables() => new(
        new TableServiceClient(storage.ConnectionString),
        Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix("k") }));
}
