using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Delegates;

[Collection(StorageCollection.Name)]
public sealed class TableDelegateStoreTests(AzuriteFixture storage)
{
    private TableDelegateStore NewStore() => new(new TableStore(
        new TableServiceClient(storage.ConnectionString),
        Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = AzuriteFixture.NewTablePrefix("d") })));

    private static ConferenceDelegate Delegate(int i, string? objectId = null) => new()
    {
        Id = $"db{i:000}@khanhhoa.example",
        Name = $"Đại biểu số {i}",
        GroupId = "so-nganh",
        Category = DelegateCategory.Summoned,
        Email = $"db{i:000}@khanhhoa.example",
        AadObjectId = objectId,
        UpdatedAt = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public async Task Upsert_250Rows_AllListedInThreeTransactions()
    {
        var store = NewStore();
        var delegates = Enumerable.Range(0, 250).Select(i => Delegate(i)).ToList();

        await store.UpsertAsync("khanh-hoa-2023", delegates, CancellationToken.None);

        var listed = await store.ListAsync("khanh-hoa-2023", CancellationToken.None);
        Assert.Equal(250, listed.Count);
        Assert.Equal(delegates.OrderBy(d => d.Id, StringComparer.Ordinal), listed.OrderBy(d => d.Id, StringComparer.Ordinal));
        Assert.Empty(await store.ListAsync("another-conference", CancellationToken.None));
    }

    [Fact]
    public async Task Get_IdWithCharactersTablesForbid_RoundTrips()
    {
        var store = NewStore();
        var odd = Delegate(1) with { Id = "aad:a/b#c?d%e", Email = null };

        await store.UpsertAsync("khanh-hoa-2023", [odd], CancellationToken.None);

        Assert.Equal(odd, await store.GetAsync("khanh-hoa-2023", "aad:a/b#c?d%e", CancellationToken.None));
        Assert.Null(await store.GetAsync("khanh-hoa-2023", "nobody@khanhhoa.example", CancellationToken.None));
    }

    [Fact]
    public async Task FindByAadObjectId_AnyCase_FindsOnlyInItsConference()
    {
        var store = NewStore();
        await store.UpsertAsync("khanh-hoa-2023", [Delegate(1, "00000000-0000-0000-0000-0000000000a1"), Delegate(2)], CancellationToken.None);

        var found = await store.FindByAadObjectIdAsync("khanh-hoa-2023", "00000000-0000-0000-0000-0000000000A1", CancellationToken.None);

        Assert.Equal("db001@khanhhoa.example", found?.Id);
        Assert.Null(await store.FindByAadObjectIdAsync("other", "00000000-0000-0000-0000-0000000000a1", CancellationToken.None));
        Assert.Null(await store.FindByAadObjectIdAsync("khanh-hoa-2023", "00000000-0000-0000-0000-0000000000ff", CancellationToken.None));
    }

    [Fact]
    public async Task Upsert_SameIdTwiceInOneCall_Refused()
    {
        var store = NewStore();

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync("khanh-hoa-2023", [Delegate(1), Delegate(1)], CancellationToken.None));
    }
}
