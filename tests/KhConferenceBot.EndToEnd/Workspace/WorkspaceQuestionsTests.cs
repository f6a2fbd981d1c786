using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Features.Questions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>
/// The questions board in the workspace: a question asked through the bot shows up on the open page, the page's
/// buttons go through the chat's moderation methods, and the approved questions reach the Playground's group chat.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceQuestionsTests(WorkspaceStackFixture stack)
{
    private const string Path = "/organizer/conferences/" + WorkspaceStackFixture.ConferenceId + "/questions";

    private static string Unique(string text) => text + " " + Guid.NewGuid().ToString("N")[..6];

    private static ILocator Card(IPage page, string text) => page.Locator("li.ws-question", new() { HasText = text });

    private static ILocator Card(IPage page, Question question) => page.Locator($"li.ws-question[data-question='{question.Number}']");

    [Fact]
    public async Task Board_QuestionAskedThroughBot_AppearsWithoutReloadThenApprovedAndPostedToGroupChat()
    {
        var text = Unique("Giải pháp nào nâng điểm PAPI cấp xã?");
        var page = await stack.SignedInPageAsync(Path);
        try
        {
            await Expect(page.Locator("[data-testid='question-states']")).ToBeVisibleAsync();
            await page.EvaluateAsync("() => { window.__khcbNoReload = true; }");

            var id = await ConferenceFlows.SubmitQuestionAsync(stack, "papi", text);

            var card = Card(page, text);
            await Expect(card).ToBeVisibleAsync();
            await Expect(card.Locator(".ws-tag")).ToHaveTextAsync("PAPI");
            await Expect(card.Locator("time")).ToHaveTextAsync(new Regex(@"^\d{2}h\d{2} \d{2}/\d{2}$"));
            await card.GetByRole(AriaRole.Button, new() { Name = "Duyệt", Exact = true }).ClickAsync();
            await Expect(page.Locator("[data-testid='question-done']")).ToContainTextAsync("đã duyệt");
            var stored = await stack.BotServices.GetRequiredService<IQuestionStore>().GetAsync(WorkspaceStackFixture.ConferenceId, Question.ParseId(id)!.Value, CancellationToken.None);
            Assert.Equal(QuestionState.Approved, stored!.State);

            var mark = stack.Stream.Mark();
            await stack.Playground.SendMessageAsync(PlaygroundIds.GroupChat, "gắn hội nghị", mentionBot: true);
            await stack.Stream.WaitForMessageAsync(PlaygroundIds.GroupChat, m => m.Text?.Contains("Đã gắn nhóm chat này", StringComparison.Ordinal) == true, ConferenceFlows.Timeout, mark);
            mark = stack.Stream.Mark();
            await page.Locator("[data-testid='post-questions']").ClickAsync();

            var post = await stack.Stream.WaitForMessageAsync(PlaygroundIds.GroupChat,
                m => m.Action == "createMessage" && m.CardJson.Contains("Câu hỏi thảo luận", StringComparison.Ordinal) && m.CardJson.Contains(text, StringComparison.Ordinal),
                ConferenceFlows.Timeout, mark);
            Assert.NotNull(post.MessageId);
            await Expect(page.Locator("[data-testid='question-done']")).ToContainTextAsync("Đã đăng");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__khcbNoReload === true"));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Board_MergeDuplicateIntoChosenTarget_TargetCountsBothVotes()
    {
        var target = await StoreAsync(QuestionTopic.Sipas, Unique("Công khai kết quả SIPAS theo đơn vị"), votes: 2);
        var duplicate = await StoreAsync(QuestionTopic.Sipas, Unique("Đề nghị công bố SIPAS từng sở"), votes: 3);
        var page = await stack.SignedInPageAsync(Path);
        try
        {
            await page.Locator("[data-state='Approved']").ClickAsync();
            await page.Locator("[data-testid='topic-filter']").SelectOptionAsync("sipas");
            var card = Card(page, duplicate);
            await Expect(card.Locator(".ws-votes")).ToHaveAttributeAsync("data-votes", "3");

            await card.GetByRole(AriaRole.Button, new() { Name = "Gộp…" }).ClickAsync();
            await card.Locator("[data-testid='merge-form'] select").SelectOptionAsync(target.Id);
            await card.Locator("[data-testid='merge-form']").GetByRole(AriaRole.Button, new() { Name = "Gộp", Exact = true }).ClickAsync();

            await Expect(Card(page, target).Locator(".ws-votes")).ToHaveAttributeAsync("data-votes", "5");
            await Expect(Card(page, duplicate)).ToHaveCountAsync(0);
            var merged = await stack.BotServices.GetRequiredService<IQuestionStore>().GetAsync(WorkspaceStackFixture.ConferenceId, duplicate.Number, CancellationToken.None);
            Assert.Equal(QuestionState.Merged, merged!.State);
            Assert.Equal(target.Number, merged.MergedInto);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Board_FilterByTopic_OnlyThatTopicListed()
    {
        var pci = await StoreAsync(QuestionTopic.Pci, Unique("Thủ tục đất đai cho doanh nghiệp (PCI)"), votes: 0, state: QuestionState.Pending);
        var papi = await StoreAsync(QuestionTopic.Papi, Unique("Tiếp cận dịch vụ công ở xã (PAPI)"), votes: 0, state: QuestionState.Pending);
        var page = await stack.SignedInPageAsync(Path);
        try
        {
            await Expect(Card(page, papi.Text)).ToBeVisibleAsync();

            await page.Locator("[data-testid='topic-filter']").SelectOptionAsync("pci");

            await Expect(Card(page, papi.Text)).ToHaveCountAsync(0);
            await Expect(Card(page, pci.Text)).ToBeVisibleAsync();
            var tags = await page.Locator("li.ws-question .ws-tag").AllInnerTextsAsync();
            Assert.All(tags, t => Assert.Equal("PCI", t));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Board_InEnglishAt360_ReadsAndHasNoSeriousAxeViolation()
    {
        var asked = await StoreAsync(QuestionTopic.ParIndex, Unique("How will PAR-Index results be shared with the districts?"), votes: 1, state: QuestionState.Pending);
        var page = await stack.SignedInPageAsync(Path);
        try
        {
            await Expect(page.Locator("li.ws-question").First).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Discussion questions" })).ToBeVisibleAsync();

            // Times read as the plan and the bot write them ("22h38 30/11"), in the conference's zone, in English too.
            var local = TimeZoneInfo.ConvertTime(asked.CreatedAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"));
            await Expect(Card(page, asked).Locator("time")).ToHaveTextAsync(local.ToString("HH'h'mm dd/MM", CultureInfo.InvariantCulture));
            await page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(WorkspaceStackFixture.Screenshots, "workspace-questions-en-1280.png"), FullPage = true });
            await page.SetViewportSizeAsync(360, 740);
            await page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(WorkspaceStackFixture.Screenshots, "workspace-questions-en-360.png"), FullPage = true });

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the questions page is {overflow}px wider than a 360px screen");
            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        }
        finally
        {
            // The language is the organizer's stored preference: the other tests read Vietnamese.
            if (await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).IsVisibleAsync())
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).ClickAsync();
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Câu hỏi thảo luận" })).ToBeVisibleAsync();
            }

            await page.CloseAsync();
        }
    }

    /// <summary>A question as the service stores it, with votes from made-up delegates.</summary>
    private async Task<Question> StoreAsync(QuestionTopic topic, string text, int votes, QuestionState state = QuestionState.Approved)
    {
        var store = stack.BotServices.GetRequiredService<IQuestionStore>();
        var now = DateTimeOffset.UtcNow;
        var question = await store.AddAsync(WorkspaceStackFixture.ConferenceId, n => new Question
        {
            Number = n,
            Topic = topic,
            Text = text,
            Author = new QuestionAuthor(PlaygroundIds.Hung.AadObjectId, PlaygroundIds.Hung.Name, "UBND huyện Cam Lâm", ShowName: false),
            State = state,
            CreatedAt = now,
            UpdatedAt = now,
        }, CancellationToken.None);
        for (var v = 0; v < votes; v++)
        {
            await store.ToggleVoteAsync(WorkspaceStackFixture.ConferenceId, question.Number, $"{Guid.NewGuid()}", null, now, CancellationToken.None);
        }

        return await store.GetAsync(WorkspaceStackFixture.ConferenceId, question.Number, CancellationToken.None) ?? question;
    }
}
