using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Planning;

/// <summary>The retention job on the real host and a fake clock: an archived conference keeps its people for the period, then only its counts.</summary>
[Collection(StorageCollection.Name)]
public sealed class RetentionTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Retention:Months"] = "12" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RetentionJob_ArchivedConference_KeptTwelveMonthsThenPeopleErasedAndCountsKept()
    {
        var conference = await new ConferenceBuilder().CreateAsync(_host);
        var delegates = _host.Service<IDelegateStore>();
        await delegates.UpsertAsync(conference.Id, [Delegate(1), Delegate(2)], CancellationToken.None);
        await _host.Service<IRsvpStore>().TrySaveAsync(new RsvpRecord { ConferenceId = conference.Id, DelegateId = "db001@khanhhoa.example", Answer = RsvpAnswer.Attend, AnsweredAt = _host.Time.GetUtcNow() }, null, CancellationToken.None);
        var planner = _host.Service<ConferencePlanner>();
        await planner.MoveAsync(conference.Id, ConferenceState.Closed, CancellationToken.None);
        var archivedAt = _host.Time.GetUtcNow();
        await planner.MoveAsync(conference.Id, ConferenceState.Archived, CancellationToken.None);

        await RunJobAtAsync(archivedAt.AddMonths(12).AddMinutes(-1));
        Assert.Equal(2, (await delegates.ListAsync(conference.Id, CancellationToken.None)).Count);

        await RunJobAtAsync(archivedAt.AddMonths(12).AddHours(6));
        Assert.Empty(await delegates.ListAsync(conference.Id, CancellationToken.None));
        Assert.Empty(await _host.Service<IRsvpStore>().ListAsync(conference.Id, CancellationToken.None));
        var erased = (await _host.Service<ConferenceDirectory>().GetAsync(conference.Id, CancellationToken.None))!.PersonalDataErased!;
        Assert.Equal((PersonalDataRetention.RetentionJob, 2, 1), (erased.ErasedBy, erased.Counts["delegates"], erased.Counts["answers.attend"]));
        Assert.NotEmpty(await delegates.ListAsync("khanh-hoa-2023", CancellationToken.None));
    }

    [Fact]
    public async Task RetentionJob_ClosedButNotArchived_NeverErased()
    {
        var conference = await new ConferenceBuilder().WithId("dong-2026").CreateAsync(_host);
        await _host.Service<IDelegateStore>().UpsertAsync(conference.Id, [Delegate(1)], CancellationToken.None);
        await _host.Service<ConferencePlanner>().MoveAsync(conference.Id, ConferenceState.Closed, CancellationToken.None);

        await RunJobAtAsync(_host.Time.GetUtcNow().AddYears(3));

        Assert.Single(await _host.Service<IDelegateStore>().ListAsync(conference.Id, CancellationToken.None));
        Assert.Null((await _host.Service<ConferenceDirectory>().GetAsync(conference.Id, CancellationToken.None))!.PersonalDataErased);
    }

    [Fact]
    public async Task Erase_ClosedConference_PresentersReceptionAndHallGoTheOrganizerStillOpensTheCounts()
    {
        var builder = new ConferenceBuilder().WithId("xoa-2026");
        var conference = await builder.CreateAsync(_host);
        var directory = _host.Service<ConferenceDirectory>();
        var stored = (await directory.GetStoredAsync(conference.Id, CancellationToken.None))!;
        stored.Conference.Agenda[0].PresenterAccounts = [new PresenterAccount(TestUsers.Hung.AadObjectId, TestUsers.Hung.Name)];
        Assert.True(await directory.TryReplaceAsync(stored.Conference, stored.ETag, CancellationToken.None));
        var roles = _host.Service<ConferenceRoles>();
        await roles.GrantAsync(conference.Id, TestUsers.Tuan.AadObjectId, ConferenceRole.Reception, TestUsers.Tuan.Name, null, builder.Organizer.AadObjectId, CancellationToken.None);
        await _host.Service<CheckInStore>().TryCheckInAsync(conference.Id, new CheckInRecord
        {
            PersonId = "db001@khanhhoa.example", Name = "Đại biểu số 1", CheckedInAt = _host.Time.GetUtcNow(), Desk = "Bàn 1", Method = CheckInMethod.Code, By = TestUsers.Tuan.AadObjectId,
        }, CancellationToken.None);
        await _host.Service<ConferencePlanner>().MoveAsync(conference.Id, ConferenceState.Closed, CancellationToken.None);

        var erased = await _host.Service<PersonalDataRetention>().EraseAsync(conference.Id, builder.Organizer.AadObjectId, CancellationToken.None);

        var counts = erased.PersonalDataErased!.Counts;
        Assert.Equal((1, 1, 1, 1), (counts["presenterAccounts"], counts["members.reception"], counts["members.organizers"], counts["checkIns"]));
        Assert.All((await directory.GetAsync(conference.Id, CancellationToken.None))!.Agenda, a => Assert.Empty(a.PresenterAccounts));
        Assert.Empty(await _host.Service<CheckInStore>().ListCheckInsAsync(conference.Id, CancellationToken.None));
        Assert.Equal(ConferenceRole.None, await roles.GetAsync(conference.Id, TestUsers.Tuan.AadObjectId, CancellationToken.None));
        Assert.Equal(ConferenceRole.Organizer, await roles.GetAsync(conference.Id, builder.Organizer.AadObjectId, CancellationToken.None));
        Assert.Null(Assert.Single(await roles.ListAsync(conference.Id, CancellationToken.None)).Name);
    }

    private async Task RunJobAtAsync(DateTimeOffset at)
    {
        _host.Time.SetUtcNow(at);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.Service<PersonalDataRetentionService>().WaitForTickAsync(at, bound.Token);
    }

    private ConferenceDelegate Delegate(int i) => new()
    {
        Id = $"db{i:000}@khanhhoa.example",
        Name = $"Đại biểu số {i}",
        GroupId = "doanh-nghiep",
        Category = DelegateCategory.Invited,
        Email = $"db{i:000}@khanhhoa.example",
        UpdatedAt = _host.Time.GetUtcNow(),
    };
}
