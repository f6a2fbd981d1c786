using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.EndToEnd.Playground;

namespace KhConferenceBot.EndToEnd;

[Collection(FakeClockCollection.Name)]
public sealed class QuestionFlowTests(FakeClockStackFixture stack)
{
    [Fact]
    public async Task QuestionApprovedAndPosted_TwoDelegatesVote_EachSeesOwnVoteAndSharedCardCountsTwo()
    {
        var text = "Giải pháp nào để cải thiện Chỉ số PAPI ở cấp xã trong năm 2023? " + Guid.NewGuid().ToString("N")[..6];
        var id = await ConferenceFlows.SubmitQuestionAsync(stack, "papi", text);

        var board = await ConferenceFlows.ApproveQuestionAsync(stack, id);
        // Approved: the board no longer offers Approve for it.
        Assert.Null(ConferenceFlows.FindAction(board, "question.approve", id));

        var post = await ConferenceFlows.PostQuestionsAsync(stack, text);
        // The author allowed their name to be shown.
        Assert.Contains(PlaygroundIds.MaiAnh.Name, post.CardJson, StringComparison.Ordinal);
        Assert.Equal("👍 Bình chọn (0)", ConferenceFlows.VoteTitle(post.AdaptiveCards.Single(), id));
        var mark = stack.Stream.Mark();

        var hung = await ConferenceFlows.VoteAsync(stack, PlaygroundIds.Hung, post.MessageId!, id);
        var thuHa = await ConferenceFlows.VoteAsync(stack, PlaygroundIds.ThuHa, post.MessageId!, id);

        // Each voter gets their own view back at once: their vote marked, the count as it stood after it.
        Assert.Equal("✓ Đã bình chọn (1)", ConferenceFlows.VoteTitle(hung, id));
        Assert.Equal("✓ Đã bình chọn (2)", ConferenceFlows.VoteTitle(thuHa, id));

        // Everyone else's card is rewritten once the debounce window has passed, without anyone's vote marked.
        var shared = await ConferenceFlows.AdvanceUntilQuestionsCardUpdatedAsync(
            stack, post.MessageId!, m => ConferenceFlows.VoteTitle(m.AdaptiveCards.Single(), id) == "👍 Bình chọn (2)", mark);
        Assert.Contains(text, shared.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain(stack.Stream.Messages.Skip(mark), m => m.Action == "createMessage" && m.CardJson.Contains("Câu hỏi thảo luận", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SameUserVotesTwice_GroupChat_VoteIsTakenBack()
    {
        var text = "Đề nghị công khai kết quả SIPAS theo từng đơn vị. " + Guid.NewGuid().ToString("N")[..6];
        var id = await ConferenceFlows.SubmitQuestionAsync(stack, "sipas", text);
        await ConferenceFlows.ApproveQuestionAsync(stack, id);
        var post = await ConferenceFlows.PostQuestionsAsync(stack, text);

        var first = await ConferenceFlows.VoteAsync(stack, PlaygroundIds.NgocLan, post.MessageId!, id);
        var second = await ConferenceFlows.VoteAsync(stack, PlaygroundIds.NgocLan, post.MessageId!, id);

        // The button toggles: one person counts at most once.
        Assert.Equal("✓ Đã bình chọn (1)", ConferenceFlows.VoteTitle(first, id));
        Assert.Equal("👍 Bình chọn (0)", ConferenceFlows.VoteTitle(second, id));
    }
}
