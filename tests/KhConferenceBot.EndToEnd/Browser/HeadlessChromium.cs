using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd.Browser;

/// <summary>
/// Debian's chromium driven by Playwright (no browser download), headless, with a throw-away profile, and allowed to
/// reach loopback only: the Playground asks a CDN for fonts and a script, which offline would only slow pages down.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly DirectoryInfo _profile;

    private HeadlessChromium(IPlaywright playwright, DirectoryInfo profile, IBrowserContext context, IPage page)
    {
        _playwright = playwright;
        _profile = profile;
        Context = context;
        Page = page;
    }

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("KHCB_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public static async Task<HeadlessChromium> LaunchAsync(int width, int height)
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run scripts/install-tools --with-browser.");
        var profile = Directory.CreateTempSubdirectory("khcb-chromium-");
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        try
        {
            var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                ViewportSize = new ViewportSize { Width = width, Height = height },
            });
            await context.RouteAsync("**/*", route =>
                route.Request.Url.StartsWith("about:", StringComparison.Ordinal) || new Uri(route.Request.Url).Host is "127.0.0.1" or "localhost"
                    ? route.ContinueAsync()
                    : route.AbortAsync());
            var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
            page.SetDefaultTimeout(30_000);
            return new HeadlessChromium(playwright, profile, context, page);
        }
        catch
        {
            playwright.Dispose();
            profile.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        _playwright.Dispose();
        _profile.Delete(recursive: true);
    }
}
