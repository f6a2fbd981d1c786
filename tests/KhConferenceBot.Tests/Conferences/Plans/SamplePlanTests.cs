using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Testing;

namespace KhConferenceBot.Tests.Plans;

/// <summary>samples/khanh-hoa-2023/ke-hoach.txt is the plan behind the tests' fixture conference: reading it gives the same conference.</summary>
public sealed class SamplePlanTests
{
    private static Conference SampleConference() => Tests.Infrastructure.SampleConference.Load();

    private static PlanDraft SamplePlan()
    {
        var result = PlanReader.ReadText(PlanBuilder.SamplePlanText);
        Assert.Null(result.Refusal);
        return result.Draft!;
    }

    [Fact]
    public void ReadText_SamplePlan_SameAgendaAsFixture()
    {
        var expected = SampleConference().Agenda;

        var agenda = SamplePlan().Agenda;

        Assert.Equal(
            expected.Select(a => (a.Start, a.End, a.Content.Vi, a.Presenter?.Vi, a.IsBreak, a.IsDiscussion)),
            agenda.Select(a => (a.Start, a.End, a.Content, a.Presenter, a.IsBreak, a.IsDiscussion)));
    }

    [Fact]
    public void ReadText_SamplePlan_SameGroupsTitleVenueAndChairAsFixture()
    {
        var expected = SampleConference();

        var draft = SamplePlan();

        Assert.Equal(
            expected.Groups.Select(g => (g.Category, g.Name.Vi, g.IsPress, g.RegistersLeaders)),
            draft.Groups.Select(g => (g.Category, g.Name, g.IsPress, g.RegistersLeaders)));
        Assert.Equal(expected.Title.Vi, draft.Title!.Value);
        Assert.Equal(expected.Venue.Vi, draft.Venue!.Value);
        Assert.Equal(expected.Chair!.Vi, draft.Chair!.Value);
        Assert.Equal(expected.PlanNumber, draft.PlanNumber!.Value);
        Assert.Equal(expected.Capacity, draft.Capacity!.Value);
        Assert.Equal(expected.TimeZone, draft.TimeZone.Value);
    }

    [Fact]
    public void ReadText_SamplePlan_OnlyTheDayIsAskedFor()
    {
        var draft = SamplePlan();

        var issue = Assert.Single(draft.Issues);
        Assert.Equal(nameof(PlanDraft.Dates), issue.Field);
        Assert.Equal("Trong tháng 5/2023", draft.DateAsWritten!.Value);
    }
}
