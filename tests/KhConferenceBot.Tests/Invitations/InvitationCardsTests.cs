using System.Text.Json;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Tests.Infrastructure;
using static KhConferenceBot.Tests.Attendance.RsvpTestData;

namespace KhConferenceBot.Tests.Invitations;

public sealed class InvitationCardsTests
{
    private static readonly Uri Calendar = new("http://127.0.0.1:3978/conferences/khanh-hoa-2023/calendar.ics");

    private static string Card(ConferenceDelegate person, Language language = Language.Vi, RsvpRecord? rsvp = null, DateTimeOffset? now = null, bool changing = false) =>
        InvitationCards.Invitation(new InvitationView(Conference(), person, language, rsvp, [], Calendar, now ?? BeforeDeadline, changing)).GetRawText();

    private static IEnumerable<JsonElement> Actions(string card)
    {
        using var doc = JsonDocument.Parse(card);
        return doc.RootElement.GetProperty("actions").EnumerateArray().Select(a => a.Clone()).ToList();
    }

    [Fact]
    public void Invitation_InvitedGuest_SaysKinhMoi()
    {
        var card = Card(Invited());

        Assert.Contains("Trân trọng kính mời", card, StringComparison.Ordinal);
        Assert.Contains("GIẤY MỜI", card, StringComparison.Ordinal);
        Assert.DoesNotContain("triệu tập", card, StringComparison.Ordinal);
        Assert.Contains("Phạm Minh Tuấn - Phó Chủ tịch", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_SummonedDelegate_SaysTrieuTap()
    {
        var card = Card(Summoned());

        Assert.Contains("Ủy ban nhân dân tỉnh triệu tập", card, StringComparison.Ordinal);
        Assert.Contains("GIẤY TRIỆU TẬP", card, StringComparison.Ordinal);
        Assert.DoesNotContain("kính mời", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_ShowsTimeVenueChairsAgendaAndDeadline()
    {
        var card = Card(Invited());

        Assert.Contains("07h15 - 11h30, Thứ Ba, ngày 01 tháng 12 năm 2026", card, StringComparison.Ordinal);
        Assert.Contains("Hội trường khách sạn, Nha Trang; tầng 2, phòng A", card, StringComparison.Ordinal);
        Assert.Contains("Lãnh đạo UBND tỉnh", card, StringComparison.Ordinal);
        Assert.Contains("Thường trực Tỉnh ủy", card, StringComparison.Ordinal);
        Assert.Contains("08h05 - 08h15", card, StringComparison.Ordinal);
        Assert.DoesNotContain("Nghỉ giải lao", card, StringComparison.Ordinal);
        Assert.Contains("23h59, ngày 29 tháng 11 năm 2026", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_LongAgendaItems_CutAfterAWholeWord()
    {
        var conference = Agenda.AgendaRenderingTests.Sample();
        var card = InvitationCards.Invitation(new InvitationView(conference, Invited(), Language.Vi, null, [], Calendar, BeforeDeadline));

        var agenda = CardFacts.All(card).Where(f => conference.Agenda.Any(a => a.TimeRange == f.Title)).ToList();

        Assert.Contains(agenda, f => f.Value.EndsWith('…'));
        Assert.All(agenda, f => CardFacts.AssertCutAtWordBoundary(f.Value, conference.Agenda.Select(a => a.Content.Vi)));
    }

    [Fact]
    public void Invitation_English_UsesEnglishWording()
    {
        var card = Card(Summoned(), Language.En);

        Assert.Contains("Committee summons", card, StringComparison.Ordinal);
        Assert.Contains("Add to calendar", card, StringComparison.Ordinal);
        Assert.Contains("\"lang\":\"en\"", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_Unanswered_ActionsCarryOnlyInvitationIds()
    {
        var actions = Actions(Card(Summoned())).ToList();

        var attend = actions.Single(a => a.GetProperty("type").GetString() == "Action.Execute");
        Assert.Equal(InvitationCards.AttendVerb, attend.GetProperty("verb").GetString());
        var data = attend.GetProperty("data").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Equal(new HashSet<string> { "conferenceId", "delegateId" }, data);
        Assert.Equal(3, actions.Count(a => a.GetProperty("type").GetString() is "Action.Execute" or "Action.ShowCard"));
        Assert.Equal(Calendar.ToString(), actions.Single(a => a.GetProperty("type").GetString() == "Action.OpenUrl").GetProperty("url").GetString());
    }

    [Fact]
    public void Invitation_SummonedDeclineForm_RequiredMarkedOnlyByTheRenderersStar()
    {
        var form = Actions(Card(Summoned())).Single(a => a.TryGetProperty("title", out var t) && t.GetString() == "Không tham dự").GetProperty("card");

        var reason = form.GetProperty("body")[0];
        Assert.True(reason.GetProperty("isRequired").GetBoolean());
        Assert.DoesNotContain("bắt buộc", reason.GetProperty("label").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_SummonedDeclineForm_ReasonRequired_InvitedOptional()
    {
        Assert.Contains("\"isRequired\":true", DeclineForm(Summoned()), StringComparison.Ordinal);
        Assert.DoesNotContain("\"isRequired\":true", DeclineForm(Invited()), StringComparison.Ordinal);

        static string DeclineForm(ConferenceDelegate person) =>
            Actions(Card(person)).Single(a => a.TryGetProperty("title", out var t) && t.GetString() == "Không tham dự").GetProperty("card").GetRawText();
    }

    [Fact]
    public void Invitation_Answered_ShowsAnswerTimeAndChangeAction()
    {
        var rsvp = new RsvpRecord { ConferenceId = "khanh-hoa-2023", DelegateId = Summoned().Id, Answer = RsvpAnswer.Decline, Reason = "Đi công tác", AnsweredAt = new DateTimeOffset(2026, 11, 28, 3, 5, 0, TimeSpan.Zero) };

        var card = Card(Summoned(), rsvp: rsvp);

        Assert.Contains("Không tham dự", card, StringComparison.Ordinal);
        Assert.Contains("10h05, ngày 28 tháng 11 năm 2026", card, StringComparison.Ordinal);
        Assert.Contains("Đi công tác", card, StringComparison.Ordinal);
        Assert.Contains(InvitationCards.ChangeVerb, card, StringComparison.Ordinal);
        Assert.DoesNotContain(InvitationCards.AttendVerb, card, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_AfterDeadline_NoAnswerActions()
    {
        var card = Card(Invited(), now: AfterDeadline);

        Assert.DoesNotContain("rsvp.", card, StringComparison.Ordinal);
        Assert.Contains("Đã hết hạn phản hồi", card, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_DistrictContact_GetsRegistrationFormForThree()
    {
        var card = Card(DistrictContact());

        Assert.Contains(InvitationCards.RegisterVerb, card, StringComparison.Ordinal);
        Assert.Contains("leader3Name", card, StringComparison.Ordinal);
        Assert.DoesNotContain("leader4Name", card, StringComparison.Ordinal);
        Assert.DoesNotContain(InvitationCards.AttendVerb, card, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_UserTextInName_IsEscaped()
    {
        var card = Card(Invited() with { Name = "**Tuấn** <at>x</at>" });

        Assert.DoesNotContain("**Tuấn**", card, StringComparison.Ordinal);
    }
}
