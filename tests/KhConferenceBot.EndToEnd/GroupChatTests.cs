using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.EndToEnd.Playground;

namespace KhConferenceBot.EndToEnd;

[Collection(PlaygroundCollection.Name)]
public sealed class GroupChatTests(BotStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MentionWithHelp_GroupChat_BotAnswersWithGroupHelp()
    {
        var mark = stack.Stream.Mark();

        await stack.Playground.SendMessageAsync(PlaygroundIds.GroupChat, "trợ giúp", mentionBot: true);

        var help = await stack.Stream.WaitForMessageAsync(PlaygroundIds.GroupChat, m => m.HasAdaptiveCard, Timeout, mark);
        Assert.Contains("Các lệnh", help.CardJson, StringComparison.Ordinal);
        Assert.Contains("nhắc tên (@)", help.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionByAnotherDelegate_GroupChat_BotAnswers()
    {
        var mark = stack.Stream.Mark();

        await stack.Playground.SendMessageAsAsync(PlaygroundIds.Hung, PlaygroundIds.GroupChat, "trợ giúp", mentionBot: true);

        var help = await stack.Stream.WaitForMessageAsync(PlaygroundIds.GroupChat, m => m.HasAdaptiveCard || m.Text is not null, Timeout, mark);
        Assert.Contains("Các lệnh", help.CardJson, StringComparison.Ordinal);
        // Hùng is no organizer, so the organizer section must stay hidden from him.
        Assert.DoesNotContain("Dành cho Ban Tổ chức", help.CardJson, StringComparison.Ordinal);
    }
}
