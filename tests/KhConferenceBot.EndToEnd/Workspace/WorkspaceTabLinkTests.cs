using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>
/// A chat card's "Mở trang tổ chức" opens the tab with "conference[/page]" as Teams' sub-page; the start page goes
/// there. Teams is stood in for by a stub of teams-js that answers app.getContext() as Teams would.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceTabLinkTests(WorkspaceStackFixture stack)
{
    private const string Conference = "/organizer/conferences/" + WorkspaceStackFixture.ConferenceId;

    /// <summary>teams-js as the Teams client answers it for a tab opened by a deep link carrying <paramref name="subPageId"/>.</summary>
    private static string TeamsStub(string subPageId) => $$"""
        window.microsoftTeams = {
          app: {
            initialize: function () { return Promise.resolve(); },
            getContext: function () { return Promise.resolve({ page: { id: "organizer-dashboard", subPageId: {{System.Text.Json.JsonSerializer.Serialize(subPageId)}} } }); }
          }
        };
        """;

    private static async Task InTeamsAsync(IPage page, string subPageId)
    {
        // The tab is a frame of Teams; the script asks Teams for the context only then.
        await page.AddInitScriptAsync("Object.defineProperty(window, 'parent', { get: function () { return {}; } });");
        await page.RouteAsync("**/lib/teams-js/**", route => route.FulfillAsync(new() { ContentType = "text/javascript", Body = TeamsStub(subPageId) }));
    }

    [Fact]
    public async Task StartPage_InTeamsWithSubPage_OpensThatConferencesPage()
    {
        var page = await stack.SignedInPageAsync();
        try
        {
            await InTeamsAsync(page, WorkspaceStackFixture.ConferenceId + "/questions");

            await page.GotoAsync(stack.Url("/organizer").ToString());

            await page.WaitForURLAsync($"**{Conference}/questions");
            await Expect(page.Locator("[data-testid='question-states']")).ToBeVisibleAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task StartPage_OpenConference_GoesToItsOverview()
    {
        var page = await stack.SignedInPageAsync();
        try
        {
            await page.GotoAsync(stack.Url("/organizer?open=" + WorkspaceStackFixture.ConferenceId).ToString());

            await page.WaitForURLAsync($"**{Conference}");
            await Expect(page.Locator("[data-stat='total']")).ToBeVisibleAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Theory]
    [InlineData("khong-ton-tai")]
    [InlineData("khanh-hoa-2023/../../signout")]
    public async Task StartPage_OpenSomethingElse_StaysOnTheListAndSaysSo(string subPage)
    {
        var page = await stack.SignedInPageAsync();
        try
        {
            await page.GotoAsync(stack.Url("/organizer?open=" + Uri.EscapeDataString(subPage)).ToString());

            await Expect(page.Locator("[data-testid='open-refused']")).ToContainTextAsync("Không mở được trang trong đường dẫn");
            Assert.Equal("/organizer", new Uri(page.Url).AbsolutePath);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
