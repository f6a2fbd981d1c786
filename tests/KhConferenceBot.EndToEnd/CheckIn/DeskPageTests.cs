using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.EndToEnd.Workspace;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static KhConferenceBot.EndToEnd.CheckIn.DeskSteps;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.CheckIn;

/// <summary>
/// The reception desk page in headless chromium against the bot on loopback: a typed code, a photo of the QR the bot
/// put in the pass card (decoded in the browser by the vendored jsQR), a name search and a walk-in, at 1280 and 360 px,
/// with axe. Each test confirms its own delegates (not those the workspace tests answer for).
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class DeskPageTests(WorkspaceStackFixture stack)
{
    [Fact]
    public async Task Desk_TypedCode_CheckedInOnceThenSaysWhenAndWhere()
    {
        var pass = await ConfirmedPassAsync(stack, "hung.nguyen@khanhhoa.example");
        var page = await stack.SignedInPageAsync(DeskPath);
        try
        {
            await page.GetByTestId("desk-name").FillAsync("Bàn 2");
            await TypeCodeAsync(page, pass.Code.ToLowerInvariant());
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Đã điểm danh: Nguyễn Văn Hùng");
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Sở Kế hoạch và Đầu tư");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, "desk-1280.png"), FullPage = true });

            await TypeCodeAsync(page, pass.Code);
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Nguyễn Văn Hùng đã điểm danh lúc");
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("tại Bàn 2");

            await TypeCodeAsync(page, "ZZZ222");
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Không có thẻ nào mang mã này");
            await AssertNoSeriousAxeViolationsAsync(page);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Desk_PhotoOfTheCardsQr_DecodedInBrowserAndCheckedIn()
    {
        var pass = await ConfirmedPassAsync(stack, "maianh.tran@khanhhoa.example");
        var conference = await ConferenceAsync(stack);

        // The very image the bot puts in the pass card it sends to Teams.
        var card = PassCard.Build(conference, pass, null, Language.Vi).ToJsonElement();
        var url = card.GetProperty("body").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "Image").GetProperty("url").GetString()!;
        var png = Path.Combine(WorkspaceStackFixture.Screenshots, "pass-qr.png");
        await File.WriteAllBytesAsync(png, Convert.FromBase64String(url[(url.IndexOf(',', StringComparison.Ordinal) + 1)..]));

        var page = await stack.SignedInPageAsync(DeskPath);
        try
        {
            await page.GetByTestId("qr-image").SetInputFilesAsync(png);

            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Đã điểm danh: Trần Thị Mai Anh");
            var row = await stack.BotServices.GetRequiredService<CheckInStore>().GetCheckInAsync(ConferenceId, "maianh.tran@khanhhoa.example", CancellationToken.None);
            Assert.Equal(CheckInMethod.Scan, row!.Method);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Desk_SearchByNameAndWalkIn_AtPhoneWidth()
    {
        await ConfirmedPassAsync(stack, "dinhkhoa.vu@khanhhoa.example");
        var page = await stack.SignedInPageAsync(DeskPath);
        try
        {
            await page.SetViewportSizeAsync(360, 780);
            await page.GetByTestId("search-name").FillAsync("vu dinh khoa");
            await page.GetByTestId("search-submit").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Điểm danh Vũ Đình Khoa" }).ClickAsync();
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Đã điểm danh: Vũ Đình Khoa");
            await Expect(page.GetByTestId("search-results")).ToContainTextAsync("Đã điểm danh lúc");

            var walkInsBefore = await WorkspaceStackFixture.StatAsync(page, "walk-ins");
            await page.GetByTestId("walkin-name").FillAsync("Trần Văn Khách");
            await page.GetByTestId("walkin-position").FillAsync("Chuyên viên");
            await page.GetByTestId("walkin-unit").FillAsync("Sở Xây dựng");
            await page.GetByTestId("walkin-submit").ClickAsync();
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Đã ghi nhận khách không có giấy mời: Trần Văn Khách");
            await Expect(page.Locator("[data-stat='walk-ins'] .ws-number")).ToHaveTextAsync((walkInsBefore + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

            await AssertNothingSticksOutAsync(page);
            await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, "desk-360.png"), FullPage = true });
            await AssertNoSeriousAxeViolationsAsync(page);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Desk_TwoDesksSameCodeAtOnce_OneChecksInTheOtherSaysWhereAlready()
    {
        const string id = "vandat.la@khanhhoa.example";
        var pass = await ConfirmedPassAsync(stack, id);
        var desks = new[] { await stack.SignedInPageAsync(DeskPath), await stack.SignedInPageAsync(DeskPath) };
        try
        {
            for (var i = 0; i < desks.Length; i++)
            {
                await desks[i].GetByTestId("desk-name").FillAsync($"Bàn {4 + i}");
                await desks[i].GetByTestId("pass-code").FillAsync(pass.Code);
            }

            await Task.WhenAll(desks.Select(d => d.GetByTestId("pass-code-submit").ClickAsync()));
            foreach (var desk in desks)
            {
                await Expect(desk.GetByTestId("desk-result")).ToContainTextAsync("La Văn Đạt");
            }

            var stored = await stack.BotServices.GetRequiredService<CheckInStore>().GetCheckInAsync(ConferenceId, id, CancellationToken.None);
            Assert.Contains(stored!.Desk, new[] { "Bàn 4", "Bàn 5" });
            var winner = stored.Desk == "Bàn 4" ? 0 : 1;
            await Expect(desks[winner].GetByTestId("desk-result")).ToContainTextAsync("Đã điểm danh: La Văn Đạt");
            await Expect(desks[1 - winner].GetByTestId("desk-result")).ToContainTextAsync("La Văn Đạt đã điểm danh lúc");
            await Expect(desks[1 - winner].GetByTestId("desk-result")).ToContainTextAsync($"tại {stored.Desk}");
            await ScreenshotAsync(desks[1 - winner], "desk-two-desks-already-1280");
            await AssertNoSeriousAxeViolationsAsync(desks[1 - winner]);
        }
        finally
        {
            foreach (var desk in desks)
            {
                await desk.CloseAsync();
            }
        }
    }

    [Fact]
    public async Task HallScreen_ShowsTheCodeSelfCheckInAccepts()
    {
        var page = await stack.SignedInPageAsync(DeskPath + "/hall");
        try
        {
            var shown = (await page.GetByTestId("hall-code").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            var key = await stack.BotServices.GetRequiredService<PassService>().KeyAsync(ConferenceId, CancellationToken.None);
            var step = stack.BotServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<CheckInOptions>>().Value.HallCodeStep;

            Assert.True(HallCode.IsValid(key, shown, stack.BotServices.GetRequiredService<TimeProvider>().GetUtcNow(), step));
            await AssertNoSeriousAxeViolationsAsync(page);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private static async Task TypeCodeAsync(IPage page, string code)
    {
        await page.GetByTestId("pass-code").FillAsync(code);
        await page.GetByTestId("pass-code-submit").ClickAsync();
    }
}
