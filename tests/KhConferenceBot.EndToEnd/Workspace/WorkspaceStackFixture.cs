using System.Globalization;
using KhConferenceBot.EndToEnd.Browser;
using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.Testing;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>
/// The whole local stack (bot, Playground, storage) with the organizer key set, plus the one headless chromium of the
/// workspace tests. Pages refresh every second here, so a test waits about a second for what another person did.
/// </summary>
public sealed class WorkspaceStackFixture : BotStackFixture
{
    public const string OrganizerKey = "workspace-test-organizer-key-0123";
    public const string ConferenceId = "khanh-hoa-2023";

    private HeadlessChromium? _browser;

    public HeadlessChromium Browser => _browser ?? throw new InvalidOperationException("Not started.");

    public static string Screenshots => TestPaths.ArtifactsDirectory("screenshots");

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        settings["Organizer:LocalApiKey"] = OrganizerKey;
        settings["Workspace:RefreshSeconds"] = "1";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync().ConfigureAwait(false);
        _browser = await HeadlessChromium.LaunchAsync(1280, 900).ConfigureAwait(false);
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    public Uri Url(string path) => new(BotBaseUri, path.TrimStart('/'));

    /// <summary>A fresh tab, signed in with the organizer key as a person would (the sign-in page's form).</summary>
    public async Task<IPage> SignedInPageAsync(string path = "/organizer")
    {
        var page = await Browser.Context.NewPageAsync().ConfigureAwait(false);
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(Url(path).ToString()).ConfigureAwait(false);
        if (new Uri(page.Url).AbsolutePath == "/organizer/signin")
        {
            await page.GetByLabel("Khóa Ban Tổ chức").FillAsync(OrganizerKey).ConfigureAwait(false);
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync().ConfigureAwait(false);
            await page.WaitForURLAsync(u => new Uri(u).AbsolutePath != "/organizer/signin").ConfigureAwait(false);
        }

        return page;
    }

    /// <summary>The number a summary card shows (data-stat), once the live page has rendered it.</summary>
    public static async Task<int> StatAsync(IPage page, string key)
    {
        ArgumentNullException.ThrowIfNull(page);
        var text = await page.Locator($"[data-stat='{key}'] .ws-number").InnerTextAsync().ConfigureAwait(false);
        return int.Parse(text, CultureInfo.InvariantCulture);
    }
}

[CollectionDefinition(Name)]
public sealed class WorkspaceCollection : ICollectionFixture<WorkspaceStackFixture>
{
    public const string Name = "Workspace";
}
