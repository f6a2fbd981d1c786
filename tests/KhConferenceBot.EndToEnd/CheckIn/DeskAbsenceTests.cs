using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.EndToEnd.Workspace;
using KhConferenceBot.Features.CheckIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using static KhConferenceBot.EndToEnd.CheckIn.DeskSteps;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.CheckIn;

/// <summary>
/// The excused: an organizer marks a confirmed delegate absent with a reason on the desk page at phone width, while the
/// conference's overview, open in another tab, counts it without a reload; and reception staff, who check people in,
/// may open the desk but not excuse anyone (neither on the page nor through the API).
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class DeskAbsenceTests(WorkspaceStackFixture stack)
{
    private static readonly string OverviewPath = $"/organizer/conferences/{ConferenceId}";

    [Fact]
    public async Task Absence_MarkedWithReasonAtPhoneWidth_ListedCountedOnOverviewThenCleared()
    {
        const string id = "diemmy.lam@khanhhoa.example";
        await ConfirmedPassAsync(stack, id);
        var overview = await stack.SignedInPageAsync(OverviewPath);
        var desk = await stack.SignedInPageAsync(DeskPath);
        try
        {
            var excused = overview.Locator("[data-stat='hall-absent'] .ws-number");
            var before = await WorkspaceStackFixture.StatAsync(overview, "hall-absent");
            await desk.SetViewportSizeAsync(360, 780);
            var row = desk.GetByTestId("desk-not-in").Locator("li", new() { HasText = "Lâm Thị Diễm My" });

            // No reason, no mark.
            await row.GetByRole(AriaRole.Button, new() { Name = "Ghi Lâm Thị Diễm My vắng mặt" }).ClickAsync();
            await Expect(desk.GetByTestId("desk-result")).ToContainTextAsync("Xin nhập lý do vắng mặt");

            await row.GetByTestId("absent-reason").FillAsync("Đi công tác Hà Nội");
            await row.GetByRole(AriaRole.Button, new() { Name = "Ghi Lâm Thị Diễm My vắng mặt" }).ClickAsync();

            await Expect(desk.GetByTestId("desk-result")).ToContainTextAsync("Đã ghi Lâm Thị Diễm My vắng mặt, lý do: Đi công tác Hà Nội.");
            var listed = desk.GetByTestId("desk-absent").Locator("li", new() { HasText = "Lâm Thị Diễm My" });
            await Expect(listed).ToContainTextAsync("Đi công tác Hà Nội");
            await Expect(desk.GetByTestId("desk-not-in").Locator("li", new() { HasText = "Lâm Thị Diễm My" })).ToHaveCountAsync(0);
            await Expect(excused).ToHaveTextAsync(Number(before + 1));
            await AssertNothingSticksOutAsync(desk);
            await listed.ScrollIntoViewIfNeededAsync();
            await ScreenshotAsync(desk, "desk-absent-360");
            await ScreenshotAsync(overview, "overview-hall-1280");
            await AssertNoSeriousAxeViolationsAsync(desk);
            await AssertNoSeriousAxeViolationsAsync(overview);

            await listed.GetByRole(AriaRole.Button, new() { Name = "Bỏ ghi vắng Lâm Thị Diễm My" }).ClickAsync();

            await Expect(desk.GetByTestId("desk-not-in").Locator("li", new() { HasText = "Lâm Thị Diễm My" }).GetByTestId("absent-reason")).ToBeVisibleAsync();
            await Expect(excused).ToHaveTextAsync(Number(before));
            Assert.DoesNotContain(await stack.BotServices.GetRequiredService<CheckInStore>().ListAbsencesAsync(ConferenceId, CancellationToken.None), a => a.PersonId == id);
        }
        finally
        {
            await desk.CloseAsync();
            await overview.CloseAsync();
        }
    }

    [Fact]
    public async Task Absence_ReceptionStaffOnly_DeskAndHallOpenWithoutTheMarkAndTheApiRefuses403()
    {
        const string id = "kimlien.ha@khanhhoa.example";
        await ConfirmedPassAsync(stack, id);
        var roles = stack.BotServices.GetRequiredService<IConferenceRoleStore>();
        var objectId = stack.BotServices.GetRequiredService<IOptions<ConferenceOptions>>().Value.Organizers[0].Trim();
        var held = (await roles.GetAsync(ConferenceId, objectId, CancellationToken.None))!;
        await roles.SetAsync(held with { Roles = ConferenceRole.Reception }, CancellationToken.None);
        var page = await stack.SignedInPageAsync(DeskPath);
        try
        {
            await Expect(page.GetByTestId("desk-missing")).ToContainTextAsync("Hà Thị Kim Liên");
            await Expect(page.GetByTestId("absent-reason")).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ghi Hà Thị Kim Liên vắng mặt" })).ToHaveCountAsync(0);
            var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Trang của hội nghị" });
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Bàn đón tiếp" })).ToBeVisibleAsync();
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Đại biểu" })).ToHaveCountAsync(0);
            await ScreenshotAsync(page, "desk-reception-1280");
            await AssertNoSeriousAxeViolationsAsync(page);

            using var http = new HttpClient { BaseAddress = stack.BotBaseUri };
            http.DefaultRequestHeaders.Add("X-Organizer-Key", WorkspaceStackFixture.OrganizerKey);
            using var refused = await http.PutAsJsonAsync($"/api/organizer/conferences/{ConferenceId}/checkin/absences/{Uri.EscapeDataString(id)}", new AbsenceRequest("Ốm"));
            using var scan = await http.PostAsJsonAsync($"/api/organizer/conferences/{ConferenceId}/checkin/scan", new DeskScanRequest("ZZZ222", "Bàn 1"));

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
            Assert.DoesNotContain(await stack.BotServices.GetRequiredService<CheckInStore>().ListAbsencesAsync(ConferenceId, CancellationToken.None), a => a.PersonId == id);

            // The hall screen is theirs to put up too.
            await page.GotoAsync(stack.Url(DeskPath + "/hall").ToString());
            await Expect(page.GetByTestId("hall-code")).ToBeVisibleAsync();
        }
        finally
        {
            await roles.SetAsync(held, CancellationToken.None);
            await page.CloseAsync();
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
