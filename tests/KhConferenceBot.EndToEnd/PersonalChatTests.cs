using System.Text.Json.Nodes;
using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.EndToEnd.Playground;

namespace KhConferenceBot.EndToEnd;

[Collection(PlaygroundCollection.Name)]
public sealed class PersonalChatTests(BotStackFixture stack)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Install_PersonalChat_PostsWelcomeCard()
    {
        var mark = stack.Stream.Mark();

        await stack.Playground.InstallAsync(PlaygroundIds.PersonalChat);

        var welcome = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.HasAdaptiveCard, Timeout, mark);
        Assert.Contains("Hội nghị", welcome.CardJson, StringComparison.Ordinal);
        Assert.Contains("Xin chào", welcome.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpCommand_PersonalChat_PostsHelpCard()
    {
        var mark = stack.Stream.Mark();

        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, "trợ giúp");

        var help = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.HasAdaptiveCard, Timeout, mark);
        Assert.Contains("Các lệnh", help.CardJson, StringComparison.Ordinal);
        Assert.Contains("tro giup", help.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpCommandWithoutDiacritics_PersonalChat_PostsHelpCard()
    {
        var mark = stack.Stream.Mark();

        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, "tro giup");

        var help = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.HasAdaptiveCard, Timeout, mark);
        Assert.Contains("Các lệnh", help.CardJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SeeCommandsButton_WelcomeCard_ReturnsHelpCardInInvokeResponse()
    {
        var mark = stack.Stream.Mark();
        await stack.Playground.InstallAsync(PlaygroundIds.PersonalChat);
        var welcome = await stack.Stream.WaitForMessageAsync(PlaygroundIds.PersonalChat, m => m.HasAdaptiveCard, Timeout, mark);
        Assert.NotNull(welcome.MessageId);

        var answer = await stack.Playground.ExecuteAsync(PlaygroundIds.MaiAnh, PlaygroundIds.PersonalChat, welcome.MessageId, "welcome.help", new JsonObject());

        Assert.NotNull(answer);
        var json = answer.ToJsonString(BotMessage.Readable);
        Assert.Contains("application/vnd.microsoft.card.adaptive", json, StringComparison.Ordinal);
        Assert.Contains("Các lệnh", json, StringComparison.Ordinal);
    }
}
