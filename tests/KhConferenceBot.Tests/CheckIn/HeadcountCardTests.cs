using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.CheckIn.CheckInTestData;

namespace KhConferenceBot.Tests.CheckIn;

/// <summary>The group chat's headcount card: one post, few updates inside Teams' limits, counts without names, stopped at the opening.</summary>
[Collection(StorageCollection.Name)]
public sealed class HeadcountCardTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string ChatId = "19:hoi-nghi@thread.v2";
    private BotTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["CheckIn:HeadcountCardTick"] = "00:00:05" });
        _host.Connector.EnforceTeamsLimits = true;
        await _host.Service<IGroupChatStore>().BindAsync(
            new GroupChatBinding(ConferenceId, ChatId, _host.Connector.ServiceUrl.ToString(), TestUsers.Organizer.AadObjectId, _host.Time.GetUtcNow()), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Publish_FiftyCheckInsInABurst_OnePostFewUpdatesLastShowsFifty()
    {
        var people = await ConfirmAsync(50);
        var conference = await ConferenceAsync(_host);
        _host.Time.SetUtcNow(ClockDriver.Local(7, 20));

        // 50 people through two desks in 50 seconds, the loop ticking every 5 s as it does in production.
        for (var i = 0; i < people.Count; i++)
        {
            await _host.Service<CheckInService>().CheckInByNameAsync(conference, people[i].Id, i % 2 == 0 ? Desk1 : Desk2, CancellationToken.None);
            if (i % 5 == 4)
            {
                await AdvanceAsync(TimeSpan.FromSeconds(5));
            }
        }

        await AdvanceAsync(TimeSpan.FromSeconds(30));

        var posts = CardPosts();
        var updates = _host.Connector.Updates.Where(c => c.ConversationId == ChatId).ToList();
        Assert.Single(posts);
        Assert.InRange(updates.Count, 1, 3);
        var state = await _host.Service<HeadcountCardStore>().GetAsync(ConferenceId, CancellationToken.None);
        Assert.All(updates, u => Assert.Equal(state!.ActivityId, u.ActivityId));
        Assert.Contains("**50** / 50", updates[^1].CardJson, StringComparison.Ordinal);
        Assert.Equal(0, _host.Connector.ThrottledCount);
        Assert.All(posts.Concat(updates), call => Assert.DoesNotContain(people, p => call.CardJson.Contains(p.Name, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Publish_CountsUnchanged_NoUpdateAfterThePost()
    {
        var people = await ConfirmAsync(3);
        var conference = await ConferenceAsync(_host);
        _host.Time.SetUtcNow(ClockDriver.Local(7, 20));
        await _host.Service<CheckInService>().CheckInByNameAsync(conference, people[0].Id, Desk1, CancellationToken.None);

        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Single(CardPosts());
        Assert.Empty(_host.Connector.Updates);
    }

    [Fact]
    public async Task Publish_AfterTheOpening_OneFinalUpdateThenNoMore()
    {
        var people = await ConfirmAsync(4);
        var conference = await ConferenceAsync(_host);
        var checkIns = _host.Service<CheckInService>();
        _host.Time.SetUtcNow(ClockDriver.Local(7, 50));
        await checkIns.CheckInByNameAsync(conference, people[0].Id, Desk1, CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromSeconds(5));

        // The welcome of delegates ends at 08:00: the opening. Someone late still checks in, the chat is not told again.
        _host.Time.SetUtcNow(ClockDriver.Local(8, 0));
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await checkIns.CheckInByNameAsync(conference, people[1].Id, Desk1, CancellationToken.None);
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        await AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Single(CardPosts());
        var final = Assert.Single(_host.Connector.Updates);
        Assert.Contains("chốt lúc khai mạc", final.CardJson, StringComparison.Ordinal);
        Assert.Contains("**1** / 4", final.CardJson, StringComparison.Ordinal);
        Assert.Equal(HeadcountCardAction.None, await _host.Service<HeadcountCardPublisher>().PublishAsync(conference, _host.Time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Publish_NobodyCheckedInYet_PostsNothing()
    {
        await ConfirmAsync(2);
        _host.Time.SetUtcNow(ClockDriver.Local(7, 20));

        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await AdvanceAsync(TimeSpan.FromMinutes(1));

        Assert.Empty(CardPosts());
    }

    /// <summary>Posts of the headcount card (reminders due in the same chat are text and not counted).</summary>
    private List<RecordedCall> CardPosts() => [.. _host.Connector.SentTo(ChatId).Where(c => c.CardJson.Contains("SỐ ĐẠI BIỂU CÓ MẶT", StringComparison.Ordinal))];

    /// <summary>The first <paramref name="count"/> people confirmed: the sample's delegates, then made-up ones in its first group.</summary>
    private async Task<IReadOnlyList<ConferenceDelegate>> ConfirmAsync(int count)
    {
        var store = _host.Service<IDelegateStore>();
        var conference = await ConferenceAsync(_host);
        var everyone = (await store.ListAsync(ConferenceId, CancellationToken.None)).Where(d => d.SubstituteForId is null && d.RegisteredById is null).ToList();
        var extra = Enumerable.Range(1, Math.Max(0, count - everyone.Count)).Select(i => new ConferenceDelegate
        {
            Id = $"dai-bieu-{i}@khanhhoa.example",
            Name = $"Đại biểu Bổ sung {i}",
            GroupId = conference.Groups[0].Id,
            Email = $"dai-bieu-{i}@khanhhoa.example",
        }).ToList();
        await store.UpsertAsync(ConferenceId, extra, CancellationToken.None);
        var people = everyone.Concat(extra).Take(count).ToList();
        foreach (var person in people)
        {
            await AnswerAsync(_host, person.Id, RsvpAnswer.Attend);
        }

        return people;
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        _host.Time.Advance(by);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.Service<HeadcountCardPublisher>().WaitForTickAsync(_host.Time.GetUtcNow(), cts.Token);
    }
}
