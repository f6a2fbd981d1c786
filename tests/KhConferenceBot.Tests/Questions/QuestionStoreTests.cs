using Azure.Data.Tables;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Storage;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Questions;

/// <summary>The table store on its own, racing itself: what two bot instances or two delegates do at the same moment.</summary>
[Collection(StorageCollection.Name)]
public sealed class QuestionStoreTests(AzuriteFixture storage)
{
    private const string Conference = "khanh-hoa-2023";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 3, 50, 0, TimeSpan.Zero);

    private TableQuestionStore NewStore(string? prefix = null) => new(new TableStore(
        new TableServiceClient(storage.ConnectionString),
        Options.Create(new StorageOptions { ConnectionString = storage.ConnectionString, TablePrefix = prefix ?? AzuriteFixture.NewTablePrefix("q") })));

    private static Question Draft(int n, string text = "Câu hỏi") => new()
    {
        Number = n,
        Topic = QuestionTopic.Pci,
        Text = text,
        Author = new QuestionAuthor("author", "Tác giả", null, true),
        State = QuestionState.Approved,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    [Fact]
    public async Task ToggleVote_TwentyVotersAtOnce_EveryVoteCounted()
    {
        var store = NewStore();
        var q = await store.AddAsync(Conference, n => Draft(n), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => store.ToggleVoteAsync(Conference, q.Number, $"voter-{i}", $"29:voter-{i}", Now, CancellationToken.None))));

        Assert.All(results, r => Assert.True(r.Voted));
        Assert.Equal(20, (await store.GetAsync(Conference, q.Number, CancellationToken.None))!.Votes);
        Assert.Equal(20, (await store.ListVotesAsync(Conference, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task ToggleVote_TwoInstancesOneModeratorAtOnce_NeitherVoteNorModerationLost()
    {
        var prefix = AzuriteFixture.NewTablePrefix("q");
        var first = NewStore(prefix);
        var second = NewStore(prefix);
        var q = await first.AddAsync(Conference, n => Draft(n), CancellationToken.None);

        await Task.WhenAll(
            Task.Run(() => first.ToggleVoteAsync(Conference, q.Number, "hung", "29:hung", Now, CancellationToken.None)),
            Task.Run(() => second.ToggleVoteAsync(Conference, q.Number, "thuha", "29:thuha", Now, CancellationToken.None)),
            Task.Run(() => second.UpdateAsync(Conference, q.Number, x => x with { Text = "Đã biên tập" }, CancellationToken.None)));

        var stored = (await first.GetAsync(Conference, q.Number, CancellationToken.None))!;
        Assert.Equal(2, stored.Votes);
        Assert.Equal("Đã biên tập", stored.Text);
    }

    [Fact]
    public async Task ToggleVote_SamePersonTwice_BackToZero()
    {
        var store = NewStore();
        var q = await store.AddAsync(Conference, n => Draft(n), CancellationToken.None);

        var on = await store.ToggleVoteAsync(Conference, q.Number, "hung", "29:hung", Now, CancellationToken.None);
        var off = await store.ToggleVoteAsync(Conference, q.Number, "hung", "29:hung", Now, CancellationToken.None);

        Assert.Equal(new VoteToggle(true, 1), on);
        Assert.Equal(new VoteToggle(false, 0), off);
    }

    [Fact]
    public async Task Add_ConcurrentSubmissions_DistinctSequentialNumbers()
    {
        var store = NewStore();

        var added = await Task.WhenAll(Enumerable.Range(0, 15).Select(i => Task.Run(() => store.AddAsync(Conference, n => Draft(n, $"Câu {i}"), CancellationToken.None))));

        Assert.Equal(Enumerable.Range(1, 15), added.Select(q => q.Number).Order());
        Assert.Equal(15, (await store.ListAsync(Conference, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task MoveVotes_OverlappingVoters_CountedOnce()
    {
        var store = NewStore();
        var from = await store.AddAsync(Conference, n => Draft(n), CancellationToken.None);
        var to = await store.AddAsync(Conference, n => Draft(n), CancellationToken.None);
        await store.ToggleVoteAsync(Conference, from.Number, "hung", "29:hung", Now, CancellationToken.None);
        await store.ToggleVoteAsync(Conference, from.Number, "tuan", "29:tuan", Now, CancellationToken.None);
        await store.ToggleVoteAsync(Conference, to.Number, "tuan", "29:tuan", Now, CancellationToken.None);

        await store.MoveVotesAsync(Conference, from.Number, to.Number, CancellationToken.None);

        Assert.Equal(0, (await store.GetAsync(Conference, from.Number, CancellationToken.None))!.Votes);
        Assert.Equal(2, (await store.GetAsync(Conference, to.Number, CancellationToken.None))!.Votes);
        Assert.Equal(["hung", "tuan"], (await store.ListVotesAsync(Conference, CancellationToken.None)).Select(v => v.VoterAadObjectId).Order());
    }

    [Fact]
    public async Task ReadBoard_ByVotesInOneTopic_TopOfTheQueryInOrderWithEveryCount()
    {
        var store = NewStore();
        var topics = new[] { QuestionTopic.Pci, QuestionTopic.Papi, QuestionTopic.Sipas };
        var states = new[] { QuestionState.Approved, QuestionState.Pending };
        for (var i = 0; i < 24; i++)
        {
            var q = await store.AddAsync(Conference, n => Draft(n) with { Topic = topics[i % 3], State = states[i / 3 % 2] }, CancellationToken.None);
            for (var v = 0; v < i % 5; v++)
            {
                await store.ToggleVoteAsync(Conference, q.Number, $"voter-{v}", null, Now, CancellationToken.None);
            }
        }

        var all = await store.ListAsync(Conference, CancellationToken.None);
        var expected = all.Where(q => q.Topic == QuestionTopic.Pci && q.State == QuestionState.Approved)
            .OrderByDescending(q => q.Votes).ThenByDescending(q => q.Number).Select(q => q.Number).ToList();

        var page = await store.ReadBoardAsync(Conference, new QuestionQuery(QuestionState.Approved, QuestionTopic.Pci, ByVotes: true), 3, CancellationToken.None);

        Assert.Equal(expected.Take(3), page.Questions.Select(q => q.Number));
        Assert.Equal(expected.Count, page.Matching);
        Assert.True(page.HasMore);
        Assert.Equal(all.Count(q => q.State == QuestionState.Pending), page.Counts.Of(QuestionState.Pending));
        Assert.Equal(all.Count(q => q.State == QuestionState.Approved && q.Topic == QuestionTopic.Papi), page.Counts.Of(QuestionState.Approved, QuestionTopic.Papi));
    }

    [Fact]
    public async Task ReadBoard_NewestFirst_AllShownNoMore()
    {
        var store = NewStore();
        for (var i = 0; i < 4; i++)
        {
            await store.AddAsync(Conference, n => Draft(n) with { State = QuestionState.Pending }, CancellationToken.None);
        }

        var page = await store.ReadBoardAsync(Conference, new QuestionQuery(QuestionState.Pending), 10, CancellationToken.None);

        Assert.Equal([4, 3, 2, 1], page.Questions.Select(q => q.Number));
        Assert.False(page.HasMore);
    }
}
