using KhConferenceBot.Conferences;

namespace KhConferenceBot.Tests.Conferences;

public sealed class ConferenceLifecycleTests
{
    [Theory]
    [InlineData(ConferenceState.Draft, ConferenceAction.SendInvitations, false)]
    [InlineData(ConferenceState.Draft, ConferenceAction.EditDelegates, true)]
    [InlineData(ConferenceState.Draft, ConferenceAction.Answer, false)]
    [InlineData(ConferenceState.Open, ConferenceAction.SendInvitations, true)]
    [InlineData(ConferenceState.Open, ConferenceAction.Answer, true)]
    [InlineData(ConferenceState.Held, ConferenceAction.SendInvitations, false)]
    [InlineData(ConferenceState.Held, ConferenceAction.Answer, true)]
    [InlineData(ConferenceState.Held, ConferenceAction.ChangeSchedule, true)]
    [InlineData(ConferenceState.Closed, ConferenceAction.Answer, false)]
    [InlineData(ConferenceState.Closed, ConferenceAction.Questions, false)]
    [InlineData(ConferenceState.Closed, ConferenceAction.Read, true)]
    [InlineData(ConferenceState.Archived, ConferenceAction.Read, false)]
    public void Allows_StateAndAction_AsIssue12Says(ConferenceState state, ConferenceAction action, bool allowed) =>
        Assert.Equal(allowed, ConferenceLifecycle.Allows(state, action));

    [Theory]
    [InlineData(ConferenceState.Draft, ConferenceState.Open, true)]
    [InlineData(ConferenceState.Open, ConferenceState.Held, true)]
    [InlineData(ConferenceState.Open, ConferenceState.Closed, true)]
    [InlineData(ConferenceState.Closed, ConferenceState.Archived, true)]
    [InlineData(ConferenceState.Open, ConferenceState.Draft, false)]
    [InlineData(ConferenceState.Closed, ConferenceState.Open, false)]
    [InlineData(ConferenceState.Draft, ConferenceState.Archived, false)]
    [InlineData(ConferenceState.Archived, ConferenceState.Closed, false)]
    [InlineData(ConferenceState.Open, ConferenceState.Open, false)]
    public void CanMove_OnlyForward(ConferenceState from, ConferenceState to, bool allowed) =>
        Assert.Equal(allowed, ConferenceLifecycle.CanMove(from, to));

    [Theory]
    [InlineData(ConferenceState.Draft, false)]
    [InlineData(ConferenceState.Open, false)]
    [InlineData(ConferenceState.Closed, true)]
    [InlineData(ConferenceState.Archived, true)]
    public void Refusal_EveryRefusedPair_HasVietnameseWithDiacriticsAndEnglish(ConferenceState state, bool answerRefused)
    {
        foreach (var action in Enum.GetValues<ConferenceAction>().Where(a => !ConferenceLifecycle.Allows(state, a)))
        {
            var text = ConferenceLifecycle.Refusal(state, action);
            Assert.Matches("[ạảãáàâấầẩẫậăắằẳẵặđêếềểễệôốồổỗộơớờởỡợưứừửữự]", text.Vi);
            Assert.False(string.IsNullOrWhiteSpace(text.En));
        }

        Assert.Equal(answerRefused, ConferenceLifecycle.Refusal(state, ConferenceAction.Answer).Vi.Contains("không nhận phản hồi", StringComparison.Ordinal));
    }
}
