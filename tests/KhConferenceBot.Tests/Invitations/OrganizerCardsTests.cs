using KhConferenceBot.Common;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.Attendance.RsvpTestData;

namespace KhConferenceBot.Tests.Invitations;

public sealed class OrganizerCardsTests
{
    [Fact]
    public void Confirmation_LongGroupNames_CutAfterAWholeWord()
    {
        var conference = Agenda.AgendaRenderingTests.Sample();
        var selected = conference.Groups.Select(g => Summoned() with { Id = g.Id + "@khanhhoa.example", GroupId = g.Id, Category = g.Category }).ToList();
        var plan = new SendPlan(selected, [], AlreadySent: 0, AlreadyQueued: 0, Group: null, TimeSpan.FromHours(24));

        var card = OrganizerCards.Confirmation(conference, plan, Language.Vi);

        var names = conference.Groups.Select(g => g.Name.Vi).ToList();
        var byGroup = CardFacts.All(card).Where(f => names.Any(n => n.StartsWith(f.Title.TrimEnd('…'), StringComparison.Ordinal))).ToList();
        Assert.Equal(names.Count, byGroup.Count);
        Assert.Contains(byGroup, f => f.Title.EndsWith('…'));
        Assert.All(byGroup, f => CardFacts.AssertCutAtWordBoundary(f.Title, names));
    }
}
