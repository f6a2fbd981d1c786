using KhConferenceBot.EndToEnd.Workspace;
using KhConferenceBot.Features.CheckIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static KhConferenceBot.EndToEnd.CheckIn.DeskSteps;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.CheckIn;

/// <summary>
/// The desk's live camera path (getUserMedia, the video, the scanner's decoding loop) with a fake camera that films the
/// very QR the bot renders for the pass; and the camera refused. The project's one shared browser, a page each.
/// </summary>
[Collection(WorkspaceCollection.Name)]
public sealed class DeskCameraTests(WorkspaceStackFixture stack)
{
    [Fact]
    public async Task Camera_PassHeldInView_CheckedInOnceThenAlreadyWhenShownAgain()
    {
        const string id = "vankhai.phan@khanhhoa.example";
        var pass = await ConfirmedPassAsync(stack, id);
        var page = await stack.SignedInPageAsync(DeskPath);
        try
        {
            await FakeCamera.InstallAsync(page, PassCard.QrPng(pass.Token));
            await page.GetByTestId("desk-name").FillAsync("Bàn 3");
            await page.GetByTestId("camera-toggle").ClickAsync();

            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Đã điểm danh: Phan Văn Khải");
            await Expect(page.GetByTestId("camera-toggle")).ToHaveTextAsync("Tắt camera");
            var first = await stack.BotServices.GetRequiredService<CheckInStore>().GetCheckInAsync(ConferenceId, id, CancellationToken.None);
            Assert.Equal((CheckInMethod.Scan, "Bàn 3"), (first!.Method, first.Desk));
            await ScreenshotAsync(page, "desk-camera-1280");

            // The pass stays in front of the camera: frame after frame of the same QR (more than the scanner reads in
            // five seconds), and the desk still shows the one check-in, not an "already" for the person standing there.
            await FakeCamera.WaitForFramesReadAsync(page, await FakeCamera.FramesReadAsync(page), 24);
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Đã điểm danh: Phan Văn Khải");

            // Taken away and shown again (the delegate comes back to the desk): the page says when and where.
            await FakeCamera.ShowAsync(page, false);
            await FakeCamera.WaitForFramesReadAsync(page, await FakeCamera.FramesReadAsync(page), 6);
            await FakeCamera.ShowAsync(page, true);
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Phan Văn Khải đã điểm danh lúc");
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("tại Bàn 3");

            var after = await stack.BotServices.GetRequiredService<CheckInStore>().GetCheckInAsync(ConferenceId, id, CancellationToken.None);
            Assert.Equal(first.CheckedInAt, after!.CheckedInAt);
            await AssertNoSeriousAxeViolationsAsync(page);

            await page.SetViewportSizeAsync(360, 780);
            await AssertNothingSticksOutAsync(page);
            await ScreenshotAsync(page, "desk-camera-360");
            await AssertNoSeriousAxeViolationsAsync(page);

            await page.GetByTestId("camera-toggle").ClickAsync();
            await Expect(page.GetByTestId("camera-toggle")).ToHaveTextAsync("Bật camera");
            await Expect(page.Locator("video.desk-video")).ToBeHiddenAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Theory]
    [InlineData("NotAllowedError", false, "Trình duyệt không cho dùng camera", "vanhieu.luu@khanhhoa.example", "Lưu Văn Hiếu")]
    [InlineData("NotFoundError", false, "Thiết bị không có camera dùng được", "vanbinh.thai@khanhhoa.example", "Thái Văn Bình")]
    [InlineData("NotAllowedError", true, "Thiết bị không có camera dùng được", "kimoanh.huynh@khanhhoa.example", "Huỳnh Thị Kim Oanh")]
    public async Task Camera_RefusedMissingOrNotPlaying_SaysSoAndTheCodeStillWorks(string error, bool atPlay, string said, string id, string name)
    {
        var pass = await ConfirmedPassAsync(stack, id);
        var page = await stack.SignedInPageAsync(DeskPath);
        try
        {
            await FakeCamera.InstallRefusingAsync(page, error, atPlay);
            await page.SetViewportSizeAsync(360, 780);
            await page.GetByTestId("camera-toggle").ClickAsync();

            await Expect(page.GetByTestId("scanner-note")).ToContainTextAsync(said);
            await Expect(page.GetByTestId("scanner-note")).ToContainTextAsync("tìm theo tên");
            await Expect(page.GetByTestId("camera-toggle")).ToHaveTextAsync("Bật camera");
            await Expect(page.Locator("video.desk-video")).ToBeHiddenAsync();
            await AssertNothingSticksOutAsync(page);
            await ScreenshotAsync(page, $"desk-camera-{error}{(atPlay ? "-play" : "")}-360");
            await AssertNoSeriousAxeViolationsAsync(page);

            // The page lives on: the code typed by hand checks the person in.
            await page.GetByTestId("pass-code").FillAsync(pass.Code);
            await page.GetByTestId("pass-code-submit").ClickAsync();
            await Expect(page.GetByTestId("desk-result")).ToContainTextAsync("Đã điểm danh: " + name);
            await page.SetViewportSizeAsync(1280, 900);
            await ScreenshotAsync(page, $"desk-camera-{error}{(atPlay ? "-play" : "")}-1280");
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
