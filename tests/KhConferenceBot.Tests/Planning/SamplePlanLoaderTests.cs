using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Planning;

/// <summary>The second sample: its plan read by the reader and created by the planner at start, beside the first sample.</summary>
[Collection(StorageCollection.Name)]
public sealed class SamplePlanLoaderTests(AzuriteFixture storage)
{
    private static readonly string PlanPath = Path.Combine(TestPaths.RepoRoot, "samples", "tap-huan-2026", "ke-hoach.txt");

    [Fact]
    public void Read_TrainingSamplePlan_NumberedSessionsAfternoonTimesAndQuota()
    {
        var draft = PlanReader.ReadText(File.ReadAllText(PlanPath)).Draft!;

        Assert.Equal("125/KH-SNV", draft.PlanNumber!.Value);
        Assert.Equal(60, draft.Capacity!.Value);
        Assert.Equal(7, draft.Agenda.Count);
        Assert.Equal((new TimeOnly(14, 0), new TimeOnly(15, 30)), (draft.Agenda[5].Start, draft.Agenda[5].End));
        Assert.True(draft.Agenda[3].IsBreak);
        Assert.True(draft.Agenda[5].IsDiscussion);
        Assert.Equal(2, draft.Groups.Single(g => g.RegistersLeaders is not null).RegistersLeaders);
        Assert.Contains(draft.Groups, g => g.IsPress);
    }

    [Fact]
    public async Task Start_SamplePlanConfigured_CreatedOpenForTomorrowBesideTheFirstSample()
    {
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Planning:SamplePlans:0"] = PlanPath });

        var conference = (await host.Service<ConferenceDirectory>().GetAsync("tap-huan-2026", CancellationToken.None))!;

        Assert.Equal((ConferenceState.Open, new DateOnly(2026, 12, 1), 7), (conference.State, conference.Date, conference.Agenda.Count));
        Assert.Equal("Hội trường Sở Nội vụ, số 1 Trần Phú, thành phố Nha Trang", conference.Venue.Vi);
        Assert.Equal(ConferenceRole.Organizer, await host.Service<ConferenceRoles>().GetAsync("tap-huan-2026", TestUsers.Organizer.AadObjectId, CancellationToken.None));
        Assert.NotNull(await host.Service<ConferenceDirectory>().GetAsync("khanh-hoa-2023", CancellationToken.None));
    }
}
