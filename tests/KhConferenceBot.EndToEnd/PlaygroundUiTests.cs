using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.Testing;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd;

[Collection(BrowserCollection.Name)]
public sealed class PlaygroundUiTests(BrowserStackFixture stack)
{
    // Debian's chromium: Playwright drives it directly, so no browser is ever downloaded.
    private static string ChromiumPath =>
        Environment.GetEnvironmentVariable("KHCB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    [Fact]
    public async Task OpenPersonalChat_FreshPlayground_ShowsWelcomeCard()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run scripts/install-tools --with-browser.");
        var profile = Directory.CreateTempSubdirectory("khcb-chromium-");
        try
        {
            using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
            await using var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            });
            // The Playground asks a CDN for fonts and a script; offline those only slow the page down.
            await context.RouteAsync("**/*", route =>
                new Uri(route.Request.Url).Host is "127.0.0.1" or "localhost" ? route.ContinueAsync() : route.AbortAsync());
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            page.SetDefaultTimeout(30_000);

            await page.GotoAsync(stack.PlaygroundUri.ToString());
            await page.GetByRole(AriaRole.Treeitem, new() { Name = "Personal Chat" }).ClickAsync();

            var welcome = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "Hội nghị" }).First;
            await welcome.WaitForAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.ArtifactsDirectory("screenshots"), "playground-personal-chat-welcome.png"), FullPage = true });
            Assert.Contains("Hội nghị", await welcome.InnerTextAsync(), StringComparison.Ordinal);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
