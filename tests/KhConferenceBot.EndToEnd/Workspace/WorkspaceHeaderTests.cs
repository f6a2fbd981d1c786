using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>The header every page shares: its language switch reads at rest, under the mouse and under keyboard focus.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceHeaderTests(WorkspaceStackFixture stack)
{
    [Fact]
    public async Task LanguageButton_BothLanguagesAtRestHoverAndFocus_ColourContrastPasses()
    {
        var page = await stack.SignedInPageAsync();
        var button = page.GetByTestId("switch-language");
        try
        {
            await page.SetViewportSizeAsync(1280, 900);
            foreach (var (label, code) in new[] { ("English", "vi"), ("Tiếng Việt", "en") })
            {
                await Expect(button).ToHaveTextAsync(label);
                foreach (var state in new[] { "rest", "hover", "focus" })
                {
                    await ShowAsync(page, button, state);
                    await page.Locator(".ws-header").ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, $"workspace-header-{code}-{state}-1280.png") });
                    await AssertReadableAsync(page, $"{label}, {state}");
                }

                await button.ClickAsync();
            }

            await Expect(button).ToHaveTextAsync("English");
        }
        finally
        {
            // The language is the organizer's stored preference: the other tests read Vietnamese.
            if (await button.TextContentAsync() is { } text && text.Contains("Tiếng Việt", StringComparison.Ordinal))
            {
                await button.ClickAsync();
                await Expect(button).ToHaveTextAsync("English");
            }

            await page.CloseAsync();
        }
    }

    private static async Task ShowAsync(IPage page, ILocator button, string state)
    {
        // At rest: the mouse far from the header and nothing focused.
        await page.Mouse.MoveAsync(640, 800);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        if (state == "hover")
        {
            await button.HoverAsync();
        }
        else if (state == "focus")
        {
            // Reached by the keyboard, as :focus-visible needs: the brand link, then Tab.
            await page.Locator(".ws-brand").FocusAsync();
            await page.Keyboard.PressAsync("Tab");
            await Expect(button).ToBeFocusedAsync();
        }
    }

    /// <summary>Axe measured the button in this state (so the check cannot pass by skipping it) and found no contrast problem.</summary>
    private static async Task AssertReadableAsync(IPage page, string what)
    {
        var axe = await page.RunAxe();
        var contrast = axe.Violations.Where(v => v.Id == "color-contrast").SelectMany(v => v.Nodes).Select(n => n.Html).ToList();
        Assert.True(contrast.Count == 0, $"{what}: too little contrast in {string.Join(" | ", contrast)}");
        var measured = axe.Passes.Where(r => r.Id == "color-contrast").SelectMany(r => r.Nodes).Select(n => n.Target?.ToString() + " " + n.Html).ToList();
        Assert.True(measured.Any(n => n.Contains("switch-language", StringComparison.Ordinal)), $"{what}: axe did not measure the button; it measured {string.Join(" | ", measured)}");
    }
}
