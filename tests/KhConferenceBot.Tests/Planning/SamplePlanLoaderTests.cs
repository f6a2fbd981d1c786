using System.Text.RegularExpressions;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Attendance;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Planning;

/// <summary>
/// The samples as scripts/run makes them: each plan read by the reader and created by the planner at start, dated
/// tomorrow (or Conference:Date), the delegates.csv beside it imported. Run on the real files in samples/.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class SamplePlanLoaderTests(AzuriteFixture storage)
{
    private static readonly string PlanPath = Path.Combine(TestPaths.RepoRoot, "samples", "tap-huan-2026", "ke-hoach.txt");
    private static readonly string MainPlanPath = Path.Combine(TestPaths.RepoRoot, "samples", SampleConference.Id, "ke-hoach.txt");

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
    public void FromDraft_MainSamplePlan_EveryProgrammeItemAnnouncedNotTheReceptionNorTheBreak()
    {
        var form = ConferenceForm.FromDraft(PlanReader.ReadText(File.ReadAllText(MainPlanPath)).Draft!);

        Assert.Equal(["07h15", "10h00"], form.Agenda.Where(a => a.Announce == false).Select(a => a.Start));
        Assert.Equal(["08h00", "08h05", "08h15", "08h30", "10h15", "10h45", "11h15"], form.Agenda.Where(a => a.Announce == true).Select(a => a.Start));
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
        Assert.Empty(await host.Service<IDelegateStore>().ListAsync("tap-huan-2026", CancellationToken.None));
    }

    [Fact]
    public async Task Start_MainSamplePlanNoDate_TheSeedsConferenceForTomorrowOpenOrganizedByTheCreator()
    {
        await using var host = await MainSampleHostAsync(date: null);

        var conference = (await host.Service<ConferenceDirectory>().GetAsync(SampleConference.Id, CancellationToken.None))!;

        // The fake clock starts 2026-11-30 09:00 in Viet Nam; answers stay open until the evening before.
        Assert.Equal((ConferenceState.Open, new DateOnly(2026, 12, 1)), (conference.State, conference.Date));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.FromHours(7)), conference.EffectiveRsvpDeadline);
        Assert.Equal(("4417/KH-UBND", 200, "Hội trường khách sạn tại thành phố Nha Trang", "Lãnh đạo UBND tỉnh"),
            (conference.PlanNumber, conference.Capacity, conference.Venue.Vi, conference.Chair?.Vi));
        Assert.StartsWith("Hội nghị phân tích, đánh giá các Chỉ số PAR-Index, SIPAS, PCI, PAPI năm 2022", conference.Title.Vi, StringComparison.Ordinal);
        Assert.Equal(ConferenceRole.Organizer, await host.Service<ConferenceRoles>().GetAsync(SampleConference.Id, TestUsers.Organizer.AadObjectId, CancellationToken.None));

        // The same day and the same people as the tests' fixture, whose ids are hand-picked.
        var fixture = SampleConference.Load();
        Assert.Equal(
            fixture.Agenda.Select(a => (a.TimeRange, a.Content.Vi, a.Presenter?.Vi, a.IsBreak, a.IsDiscussion)),
            conference.Agenda.Select(a => (a.TimeRange, a.Content.Vi, a.Presenter?.Vi, a.IsBreak, a.IsDiscussion)));
        Assert.Equal(
            fixture.Groups.Select(g => (g.Name.Vi, g.Category, g.IsPress, g.RegistersLeaders)),
            conference.Groups.Select(g => (g.Name.Vi, g.Category, g.IsPress, g.RegistersLeaders)));
        Assert.Equal((8, 5), (conference.Groups.Count(g => g.Category == DelegateCategory.Invited), conference.Groups.Count(g => g.Category == DelegateCategory.Summoned)));
        Assert.Equal(3, Assert.Single(conference.Groups, g => g.RegistersLeaders is not null).RegistersLeaders);
    }

    [Fact]
    public async Task Start_MainSamplePlan_EveryDelegatesCsvRowInTheGroupItNames()
    {
        await using var host = await MainSampleHostAsync(date: null);
        var conference = (await host.Service<ConferenceDirectory>().GetAsync(SampleConference.Id, CancellationToken.None))!;

        var stored = (await host.Service<IDelegateStore>().ListAsync(SampleConference.Id, CancellationToken.None)).ToDictionary(d => d.Email!, StringComparer.Ordinal);
        var rows = DelegateRows();

        Assert.Equal(41, rows.Count);
        Assert.Equal(rows.Count, stored.Count);
        foreach (var row in rows)
        {
            var person = stored[row.Email];
            var group = conference.FindGroup(person.GroupId);
            Assert.True(group is not null && group.Name.Vi == row.Group, $"{row.Email}: group '{person.GroupId}' is not '{row.Group}'");
            Assert.Equal(group.Category, person.Category);
            Assert.Equal(row.District, person.District ?? "");
        }

        // The district contact registers the leaders of her locality; a summoned delegate is summoned.
        var thuHa = stored["thuha.le@khanhhoa.example"];
        Assert.Equal((3, "Thị xã Ninh Hòa"), (conference.FindGroup(thuHa.GroupId)!.RegistersLeaders, thuHa.District));
        Assert.Equal(DelegateCategory.Summoned, stored[RsvpFlowTests.HungId].Category);
        Assert.Equal(TestUsers.Hung.AadObjectId, stored[RsvpFlowTests.HungId].AadObjectId);
    }

    [Fact]
    public async Task Start_MainSamplePlanDateConfigured_KeepsThePlansAnswerWindow()
    {
        await using var host = await MainSampleHostAsync(date: "2026-12-10");

        var conference = (await host.Service<ConferenceDirectory>().GetAsync(SampleConference.Id, CancellationToken.None))!;

        Assert.Equal(new DateOnly(2026, 12, 10), conference.Date);
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 23, 59, 59, TimeSpan.FromHours(7)), conference.EffectiveRsvpDeadline);
    }

    [Fact]
    public async Task Restart_SameStorageWithDateThreeDaysAgo_RedatedDeadlinePassedAnswersRefused()
    {
        var prefix = AzuriteFixture.NewTablePrefix("b");
        await using (var first = await MainSampleHostAsync(date: null, prefix))
        {
            var created = (await first.Service<ConferenceDirectory>().GetAsync(SampleConference.Id, CancellationToken.None))!;
            Assert.True(created.EffectiveRsvpDeadline > first.Time.GetUtcNow());
        }

        // The fake clock starts 2026-11-30; three days ago is 2026-11-27, two days before it the plan's deadline.
        await using var second = await MainSampleHostAsync(date: "2026-11-27", prefix);
        var conference = (await second.Service<ConferenceDirectory>().GetAsync(SampleConference.Id, CancellationToken.None))!;
        var body = await second.InvokeAsync(Activities.Execute(TestUsers.Hung, Features.Invitations.InvitationCards.AttendVerb, RsvpFlowTests.Data(RsvpFlowTests.HungId)));

        Assert.Equal((new DateOnly(2026, 11, 27), ConferenceState.Open), (conference.Date, conference.State));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 23, 59, 59, TimeSpan.FromHours(7)), conference.EffectiveRsvpDeadline);
        Assert.NotEqual(200, body.GetProperty("statusCode").GetInt32());
        Assert.Contains("hết hạn", body.GetProperty("value").GetRawText(), StringComparison.Ordinal);
        Assert.Null(await second.Service<IRsvpStore>().GetAsync(conference.Id, RsvpFlowTests.HungId, CancellationToken.None));
        Assert.Equal(41, (await second.Service<IDelegateStore>().ListAsync(SampleConference.Id, CancellationToken.None)).Count);
    }

    /// <summary>A host that makes the sample from its plan, as scripts/run does (the tests' fixture steps aside).</summary>
    private Task<BotTestHost> MainSampleHostAsync(string? date, string? prefix = null)
    {
        var settings = new Dictionary<string, string?> { ["Planning:SamplePlans:0"] = MainPlanPath, ["Conference:Date"] = date };
        if (prefix is not null)
        {
            settings["Storage:TablePrefix"] = prefix;
        }

        return BotTestHost.StartAsync(storage, settings);
    }

    private sealed record CsvRow(string Email, string Group, string District);

    /// <summary>delegates.csv read on its own, not by the importer under test: quoted fields hold commas, none holds a quote.</summary>
    private static List<CsvRow> DelegateRows()
    {
        var lines = File.ReadAllLines(SampleConference.DelegatesPath).Where(l => l.Length > 0).ToList();
        var header = Fields(lines[0]);
        return [.. lines.Skip(1).Select(Fields).Select(f => new CsvRow(f[header.IndexOf("email")], f[header.IndexOf("group")], f[header.IndexOf("district")]))];

        static List<string> Fields(string line) => [.. CsvField().Matches(line).Select(m => m.Groups["q"].Success ? m.Groups["q"].Value : m.Groups["p"].Value)];
    }

    [GeneratedRegex(@"(?<=^|,)(?:""(?<q>[^""]*)""|(?<p>[^,]*))")]
    private static partial Regex CsvField();
}
