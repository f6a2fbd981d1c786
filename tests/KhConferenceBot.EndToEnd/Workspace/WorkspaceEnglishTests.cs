using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>The English switch on the pages organizers use most: every heading follows it, and the screenshots are kept.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceEnglishTests(WorkspaceStackFixture stack)
{
    private const string Conference = "/organizer/conferences/" + WorkspaceStackFixture.ConferenceId;

    [Fact]
    public async Task EnglishSwitch_TouchedPages_HeadingsInEnglishAt1280And360()
    {
        var pages = new (string Name, string Path, string Heading)[]
        {
            ("conferences", "/organizer", "Conferences"),
            ("overview", Conference, "By category (invited / summoned)"),
            ("delegates", Conference + "/delegates", "Delegates"),
            ("invitation", Conference + "/invitation", "Schedule the send"),
        };
        var page = await stack.SignedInPageAsync(pages[0].Path);
        try
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Các hội nghị" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
            foreach (var (name, path, heading) in pages)
            {
                await page.SetViewportSizeAsync(1280, 900);
                await page.GotoAsync(stack.Url(path).ToString());
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
                await Expect(page.Locator(".ws-user")).ToHaveTextAsync("Organizers (local key)");
                await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, $"workspace-{name}-en-1280.png"), FullPage = true });
                await page.SetViewportSizeAsync(360, 740);
                await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, $"workspace-{name}-en-360.png"), FullPage = true });
                Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, $"{name} in English is wider than 360px");
                if (name == "delegates")
                {
                    // Five columns do not fit a phone: the localities show as cards there, nothing out of sight.
                    await Expect(page.GetByTestId("locality-cards").Locator("li").First).ToContainTextAsync("Free slots");
                }
            }
        }
        finally
        {
            // The language is the organizer's stored preference: the other tests read Vietnamese.
            await page.SetViewportSizeAsync(1280, 900);
            await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "English" })).ToBeVisibleAsync();
            await page.CloseAsync();
        }
    }
}
