using Azure.Data.Tables;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Questions;

/// <summary>The posts and one-time jobs of the questions feature on their own, as two bot instances race for them.</summary>
[Collection(StorageCollection.Name)]
public sealed class QuestionPostStoreTests(AzuriteFixture storage)
{
    private const string Conference = "khanh-hoa-2023";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 50, 0, TimeSpan.Zero);

    private TableQuestionPostStore NewStore(string prefix) => new(new TableStore(
        new TableServiceClient(storage.ConnectionString),
        Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = prefix })));

    [Fact]
    public async Task TryClaim_TwoInstances_ExactlyOneWins_StaleClaimTakenOverOnce()
    {
        var prefix = AzuriteFixture.NewTablePrefix("q");
        var a = NewStore(prefix);
        var b = NewStore(prefix);

        var claims = await Task.WhenAll(
            Task.Run(() => a.TryClaimAsync(Conference, "autopost", Now, TimeSpan.FromMinutes(10), CancellationToken.None)),
            Task.Run(() => b.TryClaimAsync(Conference, "autopost", Now, TimeSpan.FromMinutes(10), CancellationToken.None)));
        Assert.Single(claims, c => c);

        // The winner died without finishing: after the stale period exactly one instance takes over.
        var later = Now.AddMinutes(11);
        var takeovers = await Task.WhenAll(
            Task.Run(() => a.TryClaimAsync(Conference, "autopost", later, TimeSpan.FromMinutes(10), CancellationToken.None)),
            Task.Run(() => b.TryClaimAsync(Conference, "autopost", later, TimeSpan.FromMinutes(10), CancellationToken.None)));
        Assert.Single(takeovers, c => c);

        await a.CompleteClaimAsync(Conference, "autopost", later, CancellationToken.None);
        Assert.False(await b.TryClaimAsync(Conference, "autopost", later.AddHours(5), TimeSpan.FromMinutes(10), CancellationToken.None));
    }

    [Fact]
    public async Task SavePost_ThenGet_SameConferenceAndKindOnly()
    {
        var store = NewStore(AzuriteFixture.NewTablePrefix("q"));
        var post = new QuestionPost("http://127.0.0.1:1/", "19:group@thread.v2", "groupChat", "tenant", "28:bot", "activity-1", Now);

        await store.SavePostAsync(Conference, "current", post, CancellationToken.None);

        Assert.Equal(post, await store.GetPostAsync(Conference, "current", CancellationToken.None));
        Assert.Null(await store.GetPostAsync(Conference, "group", CancellationToken.None));
        Assert.Null(await store.GetPostAsync("tap-huan-2026", "current", CancellationToken.None));
    }
}
