using KhConferenceBot.Features.Attendance;
using static KhConferenceBot.Tests.Attendance.RsvpTestData;

namespace KhConferenceBot.Tests.Attendance;

public sealed class RsvpRulesTests
{
    [Fact]
    public void Decide_AfterDeadline_RefusesEvenTheSameAnswer()
    {
        var existing = new RsvpRecord { ConferenceId = "khanh-hoa-2023", DelegateId = Invited().Id, Answer = RsvpAnswer.Attend, AnsweredAt = BeforeDeadline, ETag = "e1" };

        var decision = RsvpRules.Decide(Conference(), Invited(), existing, new RsvpRequest(RsvpAnswer.Decline), AfterDeadline);

        Assert.Equal(RsvpOutcome.Refused, decision.Outcome);
        Assert.Contains("hết hạn", decision.Refusal!.Vi, StringComparison.Ordinal);
        Assert.Contains("23h59, ngày 29 tháng 11 năm 2026", decision.Refusal.Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ExactlyAtDeadline_StillAccepts()
    {
        var conference = Conference();

        var decision = RsvpRules.Decide(conference, Invited(), null, new RsvpRequest(RsvpAnswer.Attend), conference.EffectiveRsvpDeadline);

        Assert.Equal(RsvpOutcome.Changed, decision.Outcome);
    }

    [Fact]
    public void Decide_DeadlineSetAfterTheConferenceBegan_RefusedOnceItBegan()
    {
        var conference = Conference();
        conference.RsvpDeadline = conference.StartsAt.AddDays(3);

        var decision = RsvpRules.Decide(conference, Invited(), null, new RsvpRequest(RsvpAnswer.Attend), conference.StartsAt.AddHours(1));

        Assert.Equal(RsvpOutcome.Refused, decision.Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Decide_SummonedDeclinesWithoutReason_Refused(string? reason)
    {
        var decision = RsvpRules.Decide(Conference(), Summoned(), null, new RsvpRequest(RsvpAnswer.Decline, Reason: reason), BeforeDeadline);

        Assert.Equal(RsvpOutcome.Refused, decision.Outcome);
        Assert.Contains("lý do", decision.Refusal!.Vi, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_InvitedDeclinesWithoutReason_Accepted()
    {
        var decision = RsvpRules.Decide(Conference(), Invited(), null, new RsvpRequest(RsvpAnswer.Decline), BeforeDeadline);

        Assert.Equal(RsvpOutcome.Changed, decision.Outcome);
        Assert.Null(decision.Record!.Reason);
    }

    [Fact]
    public void Decide_SummonedDeclinesWithReason_StoresTrimmedReason()
    {
        var decision = RsvpRules.Decide(Conference(), Summoned(), null, new RsvpRequest(RsvpAnswer.Decline, Reason: "  Đi công tác Hà Nội "), BeforeDeadline);

        Assert.Equal("Đi công tác Hà Nội", decision.Record!.Reason);
    }

    [Fact]
    public void Decide_ReasonTooLong_Refused()
    {
        var decision = RsvpRules.Decide(Conference(), Summoned(), null, new RsvpRequest(RsvpAnswer.Decline, Reason: new string('a', RsvpRules.MaxReasonLength + 1)), BeforeDeadline);

        Assert.Equal(RsvpOutcome.Refused, decision.Outcome);
    }

    [Theory]
    [InlineData(null, "Phó Giám đốc", null)]
    [InlineData("Trần Văn B", null, null)]
    [InlineData("Trần Văn B", "Phó Giám đốc", "not-an-email")]
    [InlineData("Trần Văn B", "Phó Giám đốc", "b@khanhhoa")]
    [InlineData("Trần Văn B", "Phó Giám đốc", "hung.nguyen@khanhhoa.example")]
    public void Decide_SubstituteIncompleteOrInvalid_Refused(string? name, string? position, string? email)
    {
        var decision = RsvpRules.Decide(Conference(), Summoned(), null, new RsvpRequest(RsvpAnswer.Substitute, SubstituteName: name, SubstitutePosition: position, SubstituteEmail: email), BeforeDeadline);

        Assert.Equal(RsvpOutcome.Refused, decision.Outcome);
    }

    [Fact]
    public void Decide_SubstituteComplete_LowerCasesEmail()
    {
        var decision = RsvpRules.Decide(Conference(), Summoned(), null, new RsvpRequest(RsvpAnswer.Substitute, SubstituteName: "Trần Văn Bình", SubstitutePosition: "Trưởng phòng", SubstituteEmail: "Binh.Tran@KhanhHoa.example"), BeforeDeadline);

        Assert.Equal(RsvpOutcome.Changed, decision.Outcome);
        Assert.Equal("binh.tran@khanhhoa.example", decision.Record!.SubstituteEmail);
        Assert.Equal("Trần Văn Bình", decision.Record.SubstituteName);
    }

    [Fact]
    public void Decide_SameAnswerAgain_UnchangedKeepsStoredRecord()
    {
        var stored = new RsvpRecord { ConferenceId = "khanh-hoa-2023", DelegateId = Invited().Id, Answer = RsvpAnswer.Attend, AnsweredAt = BeforeDeadline.AddHours(-3), ETag = "e1" };

        var decision = RsvpRules.Decide(Conference(), Invited(), stored, new RsvpRequest(RsvpAnswer.Attend), BeforeDeadline);

        Assert.Equal(RsvpOutcome.Unchanged, decision.Outcome);
        Assert.Same(stored, decision.Record);
    }

    [Fact]
    public void Decide_DifferentAnswer_ChangedCarriesStoredETag()
    {
        var stored = new RsvpRecord { ConferenceId = "khanh-hoa-2023", DelegateId = Invited().Id, Answer = RsvpAnswer.Attend, AnsweredAt = BeforeDeadline.AddHours(-3), ETag = "e1" };

        var decision = RsvpRules.Decide(Conference(), Invited(), stored, new RsvpRequest(RsvpAnswer.Decline, Reason: "Bận"), BeforeDeadline);

        Assert.Equal(RsvpOutcome.Changed, decision.Outcome);
        Assert.Equal("e1", decision.Record!.ETag);
        Assert.Equal(BeforeDeadline, decision.Record.AnsweredAt);
    }
}
