using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using KhConferenceBot.Conferences;
using KhConferenceBot.EndToEnd.Browser;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Guests;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KhConferenceBot.EndToEnd.Guests;

/// <summary>
/// The e-mail guests' answer page in headless chromium at phone width, and the e-mail itself rendered at 360 and
/// 1280 px: answering, changing, a substitute, a district's leaders, a forged link; axe finds no violation.
/// Screenshots go to the artifacts (screenshots/guests).
/// </summary>
[Collection(GuestPageCollection.Name)]
public sealed class AnswerPageBrowserTests(GuestPageFixture bot)
{
    private static string Screenshot(string name) => Path.Combine(TestPaths.ArtifactsDirectory(Path.Combine("screenshots", "guests")), name);

    [Fact]
    public async Task AnswerPage_OnAPhone_AnswerThenChangeToASubstitute_ShownAndAccessible()
    {
        var conference = await bot.ConferenceAsync();
        var person = (await bot.DelegatesAsync()).First(d => d.AadObjectId is null && d.Email is not null && d.Category == DelegateCategory.Summoned && !DistrictRegistration.IsContact(conference, d));
        await using var chromium = await HeadlessChromium.LaunchAsync(360, 740);
        var page = chromium.Page;

        await page.GotoAsync((await bot.LinkAsync(person)).ToString());
        await AssertAccessibleAsync(page, "answer page");
        Assert.Equal(360, await page.EvaluateAsync<int>("document.documentElement.scrollWidth"));
        await page.ScreenshotAsync(new() { Path = Screenshot("answer-page-360.png"), FullPage = true });

        // A summoned delegate declining without a reason gets the card's message, on the page, with the choice kept.
        await page.GetByLabel("Không tham dự", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi câu trả lời" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Đại biểu được triệu tập vui lòng nêu lý do vắng mặt.");
        await Assertions.Expect(page.GetByLabel("Không tham dự", new() { Exact = true })).ToBeCheckedAsync();

        await page.GetByLabel("Tham dự", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi câu trả lời" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Ban Tổ chức đã ghi nhận câu trả lời");
        await Assertions.Expect(page.Locator(".answer")).ToContainTextAsync("Đã trả lời: Tham dự");

        await page.GetByLabel("Cử người dự thay", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Họ và tên", new() { Exact = true }).FillAsync("Nguyễn Thị Lan");
        await page.GetByLabel("Chức vụ", new() { Exact = true }).FillAsync("Phó Giám đốc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi câu trả lời" }).ClickAsync();
        await Assertions.Expect(page.Locator(".answer")).ToContainTextAsync("Cử người dự thay: Nguyễn Thị Lan - Phó Giám đốc");
        await AssertAccessibleAsync(page, "answer page after a change");
        await page.ScreenshotAsync(new() { Path = Screenshot("answer-page-360-substitute.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator(".answer")).ToContainTextAsync("You replied: Sending a substitute: Nguyễn Thị Lan");
    }

    [Fact]
    public async Task AnswerPage_DistrictContact_RegistersLeaders()
    {
        var conference = await bot.ConferenceAsync();
        var contact = (await bot.DelegatesAsync()).First(d => DistrictRegistration.IsContact(conference, d) && d.Email is not null);
        await using var chromium = await HeadlessChromium.LaunchAsync(360, 740);
        var page = chromium.Page;

        await page.GotoAsync((await bot.LinkAsync(contact)).ToString());
        await page.GetByRole(AriaRole.Group, new() { Name = "Lãnh đạo 1" }).GetByLabel("Họ và tên", new() { Exact = true }).FillAsync("Trần Văn Bình");
        await page.GetByRole(AriaRole.Group, new() { Name = "Lãnh đạo 1" }).GetByLabel("Chức vụ", new() { Exact = true }).FillAsync("Chủ tịch UBND");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi đăng ký" }).ClickAsync();

        await Assertions.Expect(page.Locator(".answer")).ToContainTextAsync("Đã đăng ký 1/3 lãnh đạo.");
        await AssertAccessibleAsync(page, "district registration");
        await page.ScreenshotAsync(new() { Path = Screenshot("answer-page-360-district.png"), FullPage = true });
        Assert.Contains(InvitationService.LeadersOf(contact, await bot.DelegatesAsync()), l => l.Name == "Trần Văn Bình");
    }

    [Fact]
    public async Task AnswerPage_ForgedLink_RefusedClearly()
    {
        var person = (await bot.DelegatesAsync()).First(d => d.AadObjectId is null && d.Email is not null);
        var link = (await bot.LinkAsync(person)).ToString();
        await using var chromium = await HeadlessChromium.LaunchAsync(360, 740);

        var response = await chromium.Page.GotoAsync(link[..^3] + (link.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA"));

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(chromium.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Đường liên kết không hợp lệ");
        await AssertAccessibleAsync(chromium.Page, "refusal page");
    }

    [Theory]
    [InlineData(360)]
    [InlineData(1280)]
    public async Task InvitationEmail_RenderedInChromium_FitsTheWidthAndIsAccessible(int width)
    {
        var conference = await bot.ConferenceAsync();
        var person = (await bot.DelegatesAsync()).First(d => d.AadObjectId is null && d.Email is not null && d.Category == DelegateCategory.Summoned && !DistrictRegistration.IsContact(conference, d));
        var mail = bot.Services.GetRequiredService<GuestMails>().Invitation(conference, person, [], OutboxPurposes.Of(conference.Id, "invitation")).Mail!;
        await using var chromium = await HeadlessChromium.LaunchAsync(width, 900);

        await chromium.Page.SetContentAsync(mail.Html);

        Assert.Equal(width, await chromium.Page.EvaluateAsync<int>("document.documentElement.scrollWidth"));
        await Assertions.Expect(chromium.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("GIẤY TRIỆU TẬP");
        await Assertions.Expect(chromium.Page.GetByRole(AriaRole.Link, new() { Name = "Trả lời giấy mời" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(chromium.Page, $"invitation e-mail at {width} px");
        await chromium.Page.ScreenshotAsync(new() { Path = Screenshot($"invitation-email-{width}.png"), FullPage = true });
    }

    private static async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0,
            $"axe found in the {what}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Help}): {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
    }
}
