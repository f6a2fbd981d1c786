using System.Text.Json;
using Deque.AxeCore.Playwright;
using KhConferenceBot.Conferences;
using KhConferenceBot.EndToEnd.Workspace;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd.CheckIn;

/// <summary>What the desk tests do again and again: confirm a delegate and issue their pass, check a page with axe.</summary>
internal static class DeskSteps
{
    public const string ConferenceId = WorkspaceStackFixture.ConferenceId;

    public static readonly string DeskPath = $"/organizer/conferences/{ConferenceId}/desk";

    public static async Task<Conference> ConferenceAsync(WorkspaceStackFixture stack) =>
        (await stack.BotServices.GetRequiredService<IConferenceStore>().GetAsync(ConferenceId, CancellationToken.None))!.Conference;

    /// <summary>The delegate answers that they attend (unless they already did) and gets their pass.</summary>
    public static async Task<CheckInPass> ConfirmedPassAsync(WorkspaceStackFixture stack, string delegateId)
    {
        var rsvps = stack.BotServices.GetRequiredService<IRsvpStore>();
        var existing = await rsvps.GetAsync(ConferenceId, delegateId, CancellationToken.None);
        if (existing?.Answer != RsvpAnswer.Attend)
        {
            var record = new RsvpRecord { ConferenceId = ConferenceId, DelegateId = delegateId, Answer = RsvpAnswer.Attend, AnsweredAt = DateTimeOffset.UtcNow };
            Assert.NotNull(await rsvps.TrySaveAsync(record, existing?.ETag, CancellationToken.None));
        }

        var pass = await stack.BotServices.GetRequiredService<PassService>().GetOrIssueAsync(await ConferenceAsync(stack), delegateId, CancellationToken.None);
        return pass!;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, name + ".png"), FullPage = true });

    /// <summary>
    /// Nothing sticks out on the right, of the window (outside a scrolling box such as the nav) or of its desk panel;
    /// the elements are named, so a failure says what to fix.
    /// </summary>
    public static async Task AssertNothingSticksOutAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<string[]>("""
            () => {
              const inScroller = p => { for (; p; p = p.parentElement) { if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true; } return false; };
              const name = e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right);
              const outOfWindow = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !inScroller(e.parentElement));
              const outOfPanel = [...document.querySelectorAll('.desk-panel *')]
                .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().right > e.closest('.desk-panel').getBoundingClientRect().right + 1);
              return [...outOfWindow, ...outOfPanel].map(name).slice(0, 10);
            }
            """);
        Assert.True(overflow.Length == 0, $"Wider than the {page.ViewportSize?.Width} px screen or its panel: " + string.Join(", ", overflow));
    }

    public static async Task AssertNoSeriousAxeViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, JsonSerializer.Serialize(serious.Select(v => new { v.Id, v.Impact, v.Help, Nodes = v.Nodes.Select(n => n.Html) })));
    }
}
