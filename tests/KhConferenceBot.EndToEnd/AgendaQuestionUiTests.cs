using KhConferenceBot.EndToEnd.Browser;
using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Testing;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd;

/// <summary>
/// What the group chat looks like in the Playground's web UI around a schedule change and a vote. It runs on the
/// fake-clock stack (not the "Browser" one) because the agenda card is rewritten only a minute after it was posted:
/// the test steps the bot's clock instead of waiting. The browser joins after the stack's WebSocket listener, so it
/// sees only what happens once the page is open, which is all this test looks at.
/// </summary>
[Collection(FakeClockCollection.Name)]
public sealed class AgendaQuestionUiTests(FakeClockStackFixture stack)
{
    private static string Screenshot(string name) => Path.Combine(TestPaths.ArtifactsDirectory("screenshots"), name);

    [Fact]
    public async Task ScheduleChange_GroupChatInBrowser_AgendaCardShownBeforeAndAfter()
    {
        await WithGroupChatPageAsync(async page =>
        {
            await ConferenceFlows.BindGroupChatAsync(stack);
            var posted = await ConferenceFlows.PostAgendaAsync(stack);
            var before = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Chương trình hội nghị" }).Filter(new() { HasText = "10h15 - 10h45" }).Last;
            await before.WaitForAsync();
            await before.ScrollIntoViewIfNeededAsync();
            await before.ScreenshotAsync(new() { Path = Screenshot("group-chat-agenda-before-change.png") });

            var mark = stack.Stream.Mark();
            // No clock step: a confirmed change redraws the posted card at once, however recently it was posted.
            await ConferenceFlows.ChangeAgendaItemAsync(stack, "sipas-report", "10h20", "10h45", "Báo cáo viên đến muộn");
            await stack.Stream.WaitForMessageAsync(
                PlaygroundIds.GroupChat, m => m.Action == "updateMessage" && m.MessageId == posted.MessageId, ConferenceFlows.Timeout, mark);

            // The same card, redrawn in place by the PUT: the new time, the old one nowhere on it.
            var after = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Chương trình hội nghị" }).Filter(new() { HasText = "10h20 - 10h45" }).Last;
            await after.WaitForAsync();
            await page.GetByText("Thay đổi chương trình hội nghị").Last.WaitForAsync();
            await after.ScrollIntoViewIfNeededAsync();
            await after.ScreenshotAsync(new() { Path = Screenshot("group-chat-agenda-after-change.png") });
            await page.ScreenshotAsync(new() { Path = Screenshot("group-chat-agenda-after-change-page.png"), FullPage = true });
            Assert.DoesNotContain("10h15 - 10h45", await after.InnerTextAsync(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task TwoUpvotes_GroupChatInBrowser_QuestionsCardShowsTwoVotes()
    {
        await WithGroupChatPageAsync(async page =>
        {
            var text = "Tỉnh có kế hoạch gì để nâng Chỉ số PCI trong năm 2023? " + Guid.NewGuid().ToString("N")[..6];
            var id = await ConferenceFlows.SubmitQuestionAsync(stack, "pci", text);
            await ConferenceFlows.ApproveQuestionAsync(stack, id);
            var post = await ConferenceFlows.PostQuestionsAsync(stack, text);
            var mark = stack.Stream.Mark();
            await ConferenceFlows.VoteAsync(stack, PlaygroundIds.Hung, post.MessageId!, id);
            await ConferenceFlows.VoteAsync(stack, PlaygroundIds.ThuHa, post.MessageId!, id);
            await ConferenceFlows.AdvanceUntilQuestionsCardUpdatedAsync(
                stack, post.MessageId!, m => ConferenceFlows.VoteTitle(m.AdaptiveCards.Single(), id) == "👍 Bình chọn (2)", mark);

            var card = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = text }).Last;
            await card.GetByRole(AriaRole.Button, new() { Name = "👍 Bình chọn (2)" }).First.WaitForAsync();
            await card.ScrollIntoViewIfNeededAsync();
            await card.ScreenshotAsync(new() { Path = Screenshot("group-chat-questions-after-two-votes.png") });
            Assert.Contains("Câu hỏi thảo luận", await card.InnerTextAsync(), StringComparison.Ordinal);
        });
    }

    /// <summary>Opens the Playground's group chat in headless chromium (loopback only) and runs <paramref name="test"/> on it.</summary>
    private async Task WithGroupChatPageAsync(Func<IPage, Task> test)
    {
        await using var browser = await HeadlessChromium.LaunchAsync(1280, 1000);
        var page = browser.Page;
        await page.GotoAsync(stack.PlaygroundUri.ToString());
        // The tree shows the group chat by the name scripts/playground-config gives it.
        await page.GetByRole(AriaRole.Treeitem).Filter(new() { HasText = "Tổ công tác Hội nghị" }).ClickAsync();
        // The message box shows once the chat is open and its WebSocket connected; only then act.
        await page.Locator("[data-lexical-editor=\"true\"][contenteditable=\"true\"]").WaitForAsync();
        await test(page);
    }
}
