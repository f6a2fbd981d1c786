using KhConferenceBot.EndToEnd.Browser;
using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.Testing;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class PlaygroundUiTests(BrowserStackFixture stack)
{
    [Fact]
    public async Task OpenPersonalChat_FreshPlayground_ShowsWelcomeCard()
    {
        await using var browser = await HeadlessChromium.LaunchAsync(1280, 900);
        var page = browser.Page;

        await page.GotoAsync(stack.PlaygroundUri.ToString());
        await page.GetByRole(AriaRole.Treeitem, new() { Name = "Personal Chat" }).ClickAsync();

        var welcome = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Hội nghị" }).First;
        await welcome.WaitForAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.ArtifactsDirectory("screenshots"), "playground-personal-chat-welcome.png"), FullPage = true });
        Assert.Contains("Hội nghị", await welcome.InnerTextAsync(), StringComparison.Ordinal);
    }
}
