using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.EndToEnd.Playground;

namespace KhConferenceBot.EndToEnd;

[Collection(FakeClockCollection.Name)]
public sealed class AgendaFlowTests(FakeClockStackFixture stack)
{
    [Fact]
    public async Task MentionAgenda_GroupChat_PostsVietnameseAgendaCard()
    {
        var card = await ConferenceFlows.PostAgendaAsync(stack);

        // The sample's times as delegates read them on the printed programme, with the content in Vietnamese.
        Assert.Contains("08h00 - 08h05", card.CardJson, StringComparison.Ordinal);
        Assert.Contains("Tuyên bố lý do, giới thiệu đại biểu", card.CardJson, StringComparison.Ordinal);
        Assert.Contains("Phát biểu khai mạc Hội nghị", card.CardJson, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(card.MessageId), "The card needs an id for later updates in place.");
    }

    [Fact]
    public async Task ChangeItemFromPersonalChat_CardPostedMomentsAgo_NoticePostedAndAgendaCardUpdatedInPlaceAtOnce()
    {
        await ConferenceFlows.BindGroupChatAsync(stack);
        var posted = await ConferenceFlows.PostAgendaAsync(stack);
        Assert.Contains("11h15 - 11h30", posted.CardJson, StringComparison.Ordinal);
        var mark = stack.Stream.Mark();

        var (preview, confirmed) = await ConferenceFlows.ChangeAgendaItemAsync(stack, "closing", "11h20", "", "Phiên thảo luận kéo dài thêm");

        var previewJson = preview.ToJsonString(BotMessage.Readable);
        Assert.Contains("Xem trước chương trình mới", previewJson, StringComparison.Ordinal);
        Assert.Contains("11h20 - 11h35", previewJson, StringComparison.Ordinal);
        Assert.Contains("Đã áp dụng thay đổi chương trình", confirmed.ToJsonString(BotMessage.Readable), StringComparison.Ordinal);

        var notice = await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.GroupChat, m => m.Action == "createMessage" && m.Text?.Contains("Thay đổi chương trình hội nghị", StringComparison.Ordinal) == true, ConferenceFlows.Timeout, mark);
        Assert.Contains("~~11h15 - 11h30~~ → **11h20 - 11h35**", notice.Text, StringComparison.Ordinal);
        Assert.Contains("Lý do: Phiên thảo luận kéo dài thêm", notice.Text, StringComparison.Ordinal);

        // The card was posted moments ago on the bot's clock: the once-a-minute pace of the now/next marks does not
        // hold a change back, so the confirm itself rewrites the same message (not a new one) without the clock moving.
        var updated = await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.GroupChat, m => m.Action == "updateMessage" && m.MessageId == posted.MessageId, ConferenceFlows.Timeout, mark);
        Assert.Contains("11h20 - 11h35", updated.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain("11h15 - 11h30", updated.CardJson, StringComparison.Ordinal);
        Assert.Contains("08h00 - 08h05", updated.CardJson, StringComparison.Ordinal);
        Assert.DoesNotContain(stack.Stream.Messages.Skip(mark), m => m.Action == "createMessage" && m.CardJson.Contains("Chương trình hội nghị", StringComparison.Ordinal));
    }
}
