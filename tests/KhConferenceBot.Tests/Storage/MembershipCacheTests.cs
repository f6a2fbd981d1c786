using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Storage;

/// <summary>The resolver's caches (roles, delegate rows, chosen conference), each next to a second instance on the same tables.</summary>
[Collection(StorageCollection.Name)]
public sealed class MembershipCacheTests(AzuriteFixture storage)
{
    private const string ConferenceId = "hn-2026";
    private const string Person = "00000000-0000-0000-0000-0000000000b7";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task IsDelegateAsync_AddedOnAnotherInstance_SeenAfterTheVersionCheckNotBefore()
    {
        var tables = NewTables();
        var here = new Instance(tables, _time);
        var other = new Instance(tables, _time);
        Assert.False(await here.Delegates.IsDelegateAsync(ConferenceId, Person, CancellationToken.None));

        await other.DelegateStore.UpsertAsync(ConferenceId, [Delegate()], CancellationToken.None);
        Assert.False(await here.Delegates.IsDelegateAsync(ConferenceId, Person, CancellationToken.None));

        _time.Advance(CacheVersion.CheckInterval);
        Assert.True(await here.Delegates.IsDelegateAsync(ConferenceId, Person, CancellationToken.None));
    }

    [Fact]
    public async Task IsDelegateAsync_RemovedThroughThisInstance_SeenAtOnce()
    {
        var here = new Instance(NewTables(), _time);
        await here.DelegateStore.UpsertAsync(ConferenceId, [Delegate()], CancellationToken.None);
        Assert.True(await here.Delegates.IsDelegateAsync(ConferenceId, Person, CancellationToken.None));

        await here.DelegateStore.DeleteAsync(ConferenceId, [Delegate().Id], CancellationToken.None);

        Assert.False(await here.Delegates.IsDelegateAsync(ConferenceId, Person, CancellationToken.None));
    }

    [Fact]
    public async Task ConferencesOfAsync_RoleGrantedOnAnotherInstance_SeenAfterTheVersionCheckNotBefore()
    {
        var tables = NewTables();
        var here = new Instance(tables, _time);
        var other = new Instance(tables, _time);
        Assert.Empty(await here.Roles.ConferencesOfAsync(Person, CancellationToken.None));
        Assert.Null(await here.Roles.GetAsync(ConferenceId, Person, CancellationToken.None));

        await other.Roles.SetAsync(Organizer(), CancellationToken.None);
        Assert.Empty(await here.Roles.ConferencesOfAsync(Person, CancellationToken.None));

        _time.Advance(CacheVersion.CheckInterval);
        Assert.Equal(ConferenceId, Assert.Single(await here.Roles.ConferencesOfAsync(Person, CancellationToken.None)).ConferenceId);
        Assert.Equal(ConferenceRole.Organizer, (await here.Roles.GetAsync(ConferenceId, Person, CancellationToken.None))?.Roles);
    }

    [Fact]
    public async Task GetAsync_RoleRevokedThroughThisInstance_SeenAtOnce()
    {
        var here = new Instance(NewTables(), _time);
        await here.Roles.SetAsync(Organizer(), CancellationToken.None);
        Assert.NotNull(await here.Roles.GetAsync(ConferenceId, Person, CancellationToken.None));

        await here.Roles.SetAsync(Organizer() with { Roles = ConferenceRole.None }, CancellationToken.None);

        Assert.Null(await here.Roles.GetAsync(ConferenceId, Person, CancellationToken.None));
        Assert.Empty(await here.Roles.ConferencesOfAsync(Person, CancellationToken.None));
    }

    [Fact]
    public async Task GetConferenceAsync_ChosenOnAnotherInstance_SeenAfterTheVersionCheckNotBefore()
    {
        var tables = NewTables();
        var here = new CachingUserPreferenceStore(new TableUserPreferenceStore(tables), tables, _time);
        var other = new CachingUserPreferenceStore(new TableUserPreferenceStore(tables), tables, _time);
        await here.SetConferenceAsync(Person, "first", CancellationToken.None);
        Assert.Equal("first", await here.GetConferenceAsync(Person, CancellationToken.None));

        await other.SetConferenceAsync(Person, "second", CancellationToken.None);
        Assert.Equal("first", await here.GetConferenceAsync(Person, CancellationToken.None));

        _time.Advance(CacheVersion.CheckInterval);
        Assert.Equal("second", await here.GetConferenceAsync(Person, CancellationToken.None));
    }

    private static ConferenceDelegate Delegate() => new()
    {
        Id = "db-cache@khanhhoa.example",
        Name = "Đại biểu bộ nhớ đệm",
        GroupId = "so-nganh",
        Category = DelegateCategory.Summoned,
        Email = "db-cache@khanhhoa.example",
        AadObjectId = Person,
        UpdatedAt = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero),
    };

    private ConferenceMember Organizer() => new(ConferenceId, Person, ConferenceRole.Organizer, "Lê Thị Cache", null, null, _time.GetUtcNow());

    private TableStore NewTables() => new(
        new TableServiceClient(storage.ConnectionString),
        Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix("m") }));

    /// <summary>One bot instance's view of the tables: its own caches, as the host wires them.</summary>
    private sealed class Instance
    {
        public Instance(TableStore tables, TimeProvider time)
        {
            var cache = new MembershipCache(tables, time);
            var store = new TableDelegateStore(tables);
            DelegateStore = new MembershipChangingDelegateStore(store, cache);
            Delegates = new DelegateMembership(DelegateStore);
            Roles = new CachingConferenceRoleStore(new TableConferenceRoleStore(tables), cache);
        }

        public IDelegateStore DelegateStore { get; }

        public IConferenceDelegates Delegates { get; }

        public IConferenceRoleStore Roles { get; }
    }
}
