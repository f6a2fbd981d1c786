using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using KhConferenceBot.EndToEnd.Playground;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>
/// The Agenda page with the sample: an overlapping edit is refused with the chat's message; a move is previewed as
/// delegates will read it, then applied through the same service as the chat, whose notice reaches the group chat.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class AgendaPageTests(WorkspaceStackFixture stack)
{
    private const string Path = "/organizer/conferences/" + WorkspaceStackFixture.ConferenceId + "/agenda";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Agenda_OverlapThenMoveTheClosingSpeech_RefusedThenPreviewedAndNoticePostedToTheGroupChat()
    {
        await BindGroupChatAsync();
        var page = await stack.SignedInPageAsync(Path);
        try
        {
            var closing = page.Locator("[data-testid='agenda-item'][data-saved='11h15 - 11h30']");
            await Expect(closing).ToHaveCountAsync(1);
            await Screenshot(page, "agenda-1280");

            // 11h00 runs into the discussion (10h45 - 11h15): the form's overlap rule, in Vietnamese.
            await closing.Locator("[data-testid='item-start']").FillAsync("11h00");
            await Button(page, "Xem trước").ClickAsync();
            await Expect(page.Locator("[data-testid='agenda-refusal']")).ToContainTextAsync("trùng giờ");
            await Screenshot(page, "agenda-refused-1280");

            await closing.Locator("[data-testid='item-start']").FillAsync("11h30");
            await closing.Locator("[data-testid='item-end']").FillAsync("11h45");
            await page.GetByTestId("agenda-reason").FillAsync("Lãnh đạo UBND tỉnh đến muộn");
            await Button(page, "Xem trước").ClickAsync();
            var preview = page.Locator("[data-testid='agenda-preview']");
            await Expect(preview).ToContainTextAsync("Phát biểu kết luận Hội nghị: 11h15 - 11h30 → 11h30 - 11h45");
            await Expect(preview.Locator(".ac-adaptiveCard")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid='agenda-refusal']")).ToHaveCountAsync(0);

            var mark = stack.Stream.Mark();
            await Button(page, "Áp dụng").ClickAsync();
            await Expect(page.Locator("[data-testid='agenda-applied']")).ToContainTextAsync("Đã áp dụng thay đổi chương trình");
            var notice = await stack.Stream.WaitForMessageAsync(PlaygroundIds.GroupChat,
                m => m.Text?.Contains("Thay đổi chương trình", StringComparison.Ordinal) == true, Timeout, mark);
            Assert.Contains("~~11h15 - 11h30~~ → **11h30 - 11h45**", notice.Text, StringComparison.Ordinal);
            Assert.Contains("Lãnh đạo UBND tỉnh đến muộn", notice.Text, StringComparison.Ordinal);
            await Screenshot(page, "agenda-applied-1280");

            await page.SetViewportSizeAsync(360, 740);
            await Screenshot(page, "agenda-applied-360");
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the agenda page is {overflow}px wider than a 360px screen");
            await AssertNoSeriousAxeViolationAsync(page);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Agenda_AnnouncementOfTheOpeningTurnedOffThenOn_SavedAtOnceAndKeptAcrossReloads()
    {
        var page = await stack.SignedInPageAsync(Path);
        try
        {
            // The sample announces the opening speech when it starts, not the reception.
            var opening = page.Locator("[data-testid='agenda-item'][data-saved='08h05 - 08h15']").GetByTestId("item-announce");
            await Expect(opening).ToBeCheckedAsync();
            await Expect(page.Locator("[data-testid='agenda-item'][data-saved='07h15 - 08h00']").GetByTestId("item-announce")).Not.ToBeCheckedAsync();

            await opening.UncheckAsync();
            await Expect(page.Locator("[data-testid='agenda-applied']")).ToContainTextAsync("Đã tắt thông báo bắt đầu");
            await page.SetViewportSizeAsync(360, 740);
            await Screenshot(page, "agenda-announce-360");
            await page.ReloadAsync();
            await Expect(page.Locator("[data-testid='agenda-item'][data-saved='08h05 - 08h15']").GetByTestId("item-announce")).Not.ToBeCheckedAsync();

            await page.Locator("[data-testid='agenda-item'][data-saved='08h05 - 08h15']").GetByTestId("item-announce").CheckAsync();
            await Expect(page.Locator("[data-testid='agenda-applied']")).ToContainTextAsync("Đã bật thông báo bắt đầu");
            await AssertNoSeriousAxeViolationAsync(page);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Agenda_InEnglishAt360_ReadsAndHasNoSeriousAxeViolation()
    {
        var page = await stack.SignedInPageAsync(Path);
        try
        {
            await page.SetViewportSizeAsync(360, 740);
            await Expect(page.Locator("[data-testid='agenda-item']").First).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Conference agenda");
            await Button(page, "Preview").ClickAsync();
            await Expect(page.Locator("[data-testid='agenda-refusal']")).ToContainTextAsync("Nothing changes");
            await Screenshot(page, "agenda-en-360");

            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"the agenda page is {overflow}px wider than a 360px screen");
            var hidden = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-testid=item-content]')].filter(t => t.scrollHeight > t.clientHeight + 1).map(t => t.value)");
            Assert.True(hidden.Length == 0, $"titles cut off in their box at 360px: {string.Join(" | ", hidden)}");
            await AssertNoSeriousAxeViolationAsync(page);
        }
        finally
        {
            // The language is the person's preference, kept across pages: leave it as the other tests expect.
            await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).ClickAsync();
            await Expect(page.Locator("h1")).ToHaveTextAsync("Chương trình hội nghị");
            await page.CloseAsync();
        }
    }

    /// <summary>A Fluent UI button by its label (Playwright's role query does not see the role a web component declares through ElementInternals).</summary>
    private static ILocator Button(IPage page, string label) =>
        page.Locator("fluent-button", new() { HasTextRegex = new Regex("^\\s*" + Regex.Escape(label) + "\\s*$") });

    private async Task BindGroupChatAsync()
    {
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.GroupChat, "gắn hội nghị", mentionBot: true);
        await stack.Stream.WaitForMessageAsync(PlaygroundIds.GroupChat, m => m.Text?.Contains("nhóm chat", StringComparison.Ordinal) == true, Timeout, mark);
    }

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = System.IO.Path.Combine(WorkspaceStackFixture.Screenshots, $"workspace-{name}.png"), FullPage = true });

    private static async Task AssertNoSeriousAxeViolationAsync(IPage page)
    {
        var axe = await page.RunAxe();
        var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }
}
