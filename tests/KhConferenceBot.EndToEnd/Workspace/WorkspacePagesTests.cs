using System.Text;
using Deque.AxeCore.Playwright;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>Every page with the sample conference: it loads, works from the page, reads at 360 px, and passes axe.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspacePagesTests(WorkspaceStackFixture stack)
{
    private const string Conference = "/organizer/conferences/" + WorkspaceStackFixture.ConferenceId;

    /// <summary>Each page, and something it shows once its data is in.</summary>
    public static TheoryData<string, string, string> Pages => new()
    {
        { "conferences", "/organizer", "a[href='" + Conference + "']" },
        { "overview", Conference, "[data-stat='total']" },
        { "delegates", Conference + "/delegates", "[data-testid='delegates'] tbody tr" },
        { "invitation", Conference + "/invitation", "[data-testid='card-preview'] .ac-adaptiveCard" },
        { "exports", Conference + "/exports", "[data-testid='exports'] a.ws-download" },
        { "people", Conference + "/people", "[data-testid='people'] tbody tr" },
        { "questions", Conference + "/questions", "[data-testid='question-states']" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_SampleConference_LoadsReadsAt360AndHasNoSeriousAxeViolation(string name, string path, string loaded)
    {
        var page = await stack.SignedInPageAsync(path);
        try
        {
            await Expect(page.Locator(loaded).First).ToBeVisibleAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, $"workspace-{name}-1280.png"), FullPage = true });
            await page.SetViewportSizeAsync(360, 740);
            await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, $"workspace-{name}-360.png"), FullPage = true });

            // Nothing wider than the phone but the tables, which scroll inside their own frame.
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{name} is {overflow}px wider than a 360px screen");

            var axe = await page.RunAxe();
            var serious = axe.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, string.Join("\n", serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Import_FileWithBadRows_RowErrorsShownAndGoodRowsStored()
    {
        var page = await stack.SignedInPageAsync(Conference + "/delegates");
        try
        {
            var csv = "name,position,organisation,group,email\n"
                + "Hoàng Văn Nam,Chuyên viên,Sở Tư pháp,ban-chi-dao,nam.hoang@khanhhoa.example\n"
                + ",Chuyên viên,Sở Tư pháp,ban-chi-dao,khong-ten@khanhhoa.example\n"
                + "Lý Thị Hoa,Chuyên viên,Sở Y tế,nhom-khong-co,hoa.ly@khanhhoa.example\n";

            await page.Locator("[data-testid='import-file']").SetInputFilesAsync(new FilePayload { Name = "dai-bieu.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });

            await Expect(page.Locator("[data-testid='import-summary']")).ToContainTextAsync("bị loại 2");
            var errors = page.Locator("[data-testid='import-errors'] tbody tr");
            await Expect(errors).ToHaveCountAsync(2);
            await Expect(errors.Nth(1)).ToContainTextAsync("Lý Thị Hoa");
            var stored = await stack.BotServices.GetRequiredService<IDelegateStore>().GetAsync(WorkspaceStackFixture.ConferenceId, "nam.hoang@khanhhoa.example", CancellationToken.None);
            Assert.Equal("Hoàng Văn Nam", stored?.Name);
            await Expect(page.Locator("[data-delegate='nam.hoang@khanhhoa.example']")).ToBeVisibleAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Delegates_SearchWithoutAccents_FindsThePerson()
    {
        var page = await stack.SignedInPageAsync(Conference + "/delegates");
        try
        {
            await Expect(page.Locator("[data-testid='delegates'] tbody tr").First).ToBeVisibleAsync();

            await page.GetByRole(AriaRole.Searchbox).FillAsync("nguyen van hung");

            var rows = page.Locator("[data-testid='delegates'] tbody tr");
            await Expect(rows).ToHaveCountAsync(1);
            await Expect(rows.First).ToContainTextAsync("Nguyễn Văn Hùng");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Delegates_PhoneWidth_OneCardPerDelegateInsteadOfTheTable()
    {
        var page = await stack.SignedInPageAsync(Conference + "/delegates");
        try
        {
            var rows = page.Locator("[data-testid='delegates'] tbody tr");
            await Expect(rows.First).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid='delegate-cards']")).ToBeHiddenAsync();
            var count = await rows.CountAsync();

            await page.SetViewportSizeAsync(360, 740);

            await Expect(page.Locator("[data-testid='delegates']")).ToBeHiddenAsync();
            var cards = page.Locator("[data-testid='delegate-cards'] > li");
            await Expect(cards).ToHaveCountAsync(count);
            var hung = page.Locator("[data-delegate-card='hung.nguyen@khanhhoa.example']");
            await Expect(hung).ToBeVisibleAsync();
            await Expect(hung).ToContainTextAsync("Gửi thư mời");
            var box = await hung.BoundingBoxAsync();
            Assert.True(box is { X: >= 0 } && box.X + box.Width <= 360, $"The card spans {box?.X}..{box?.X + box?.Width}px of a 360px screen");
            await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, "workspace-delegates-cards-360.png"), FullPage = true });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Delegates_EditThenRemoveAnAnsweredDelegate_SavedThenAskedThenListedAsRemoved()
    {
        const string id = "le.van.sua@khanhhoa.example";
        var delegates = stack.BotServices.GetRequiredService<IDelegateStore>();
        await delegates.UpsertAsync(WorkspaceStackFixture.ConferenceId, [new ConferenceDelegate { Id = id, Name = "Lê Văn Sửa", GroupId = "ban-chi-dao", Email = id, Position = "Chuyên viên" }], CancellationToken.None);
        var page = await stack.SignedInPageAsync(Conference + "/delegates");
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Sửa Lê Văn Sửa" }).ClickAsync();
            var form = page.Locator("[data-testid='delegate-edit']");
            await form.GetByLabel("Chức vụ").FillAsync("Phó Trưởng phòng");
            await form.Locator("[data-testid='delegate-save']").ClickAsync();

            await Expect(page.Locator(".ws-ok")).ToContainTextAsync("Đã lưu thông tin của Lê Văn Sửa");
            Assert.Equal("Phó Trưởng phòng", (await delegates.GetAsync(WorkspaceStackFixture.ConferenceId, id, CancellationToken.None))?.Position);

            await stack.BotServices.GetRequiredService<IRsvpStore>().TrySaveAsync(new RsvpRecord { ConferenceId = WorkspaceStackFixture.ConferenceId, DelegateId = id, Answer = RsvpAnswer.Attend, AnsweredAt = DateTimeOffset.UtcNow }, null, CancellationToken.None);
            await page.GetByRole(AriaRole.Button, new() { Name = "Xóa Lê Văn Sửa" }).ClickAsync();
            var confirm = page.Locator("[data-testid='remove-confirm']");
            await Expect(confirm).ToContainTextAsync("đã trả lời (Tham dự)");
            Assert.NotNull(await delegates.GetAsync(WorkspaceStackFixture.ConferenceId, id, CancellationToken.None));
            await confirm.Locator("[data-testid='remove-confirm-yes']").ClickAsync();

            await Expect(page.Locator($"[data-removed='{id}']")).ToContainTextAsync("Tham dự");
            await Expect(page.Locator($"[data-delegate='{id}']")).ToHaveCountAsync(0);
            Assert.Null(await delegates.GetAsync(WorkspaceStackFixture.ConferenceId, id, CancellationToken.None));
            await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, "workspace-delegates-removed-1280.png"), FullPage = true });
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Overview_SampleConference_RemindersInBoldNotMarksAndAnswersByCategoryAddUp()
    {
        var page = await stack.SignedInPageAsync(Conference);
        try
        {
            var reminders = page.Locator("[data-testid='reminders'] li");
            await Expect(reminders.First).ToBeVisibleAsync();
            await Expect(page.Locator("[data-testid='reminders']")).Not.ToContainTextAsync("**");

            // When, as the plan writes times ("16h00 01/12"), not "16:00".
            await Expect(reminders.First.Locator("strong").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{2}h\d{2} \d{2}/\d{2}$"));

            var categories = page.Locator("[data-testid='by-category'] tbody tr");
            await Expect(categories.Filter(new() { HasText = "Đại biểu được triệu tập" })).ToHaveCountAsync(1);
            await Expect(categories.Filter(new() { HasText = "Đại biểu được mời" })).ToHaveCountAsync(1);
            var total = 0;
            foreach (var row in await categories.AllAsync())
            {
                total += int.Parse(await row.Locator("td").First.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.Equal(await WorkspaceStackFixture.StatAsync(page, "total"), total);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Exports_AttendanceCsvLink_DownloadsTheList()
    {
        var page = await stack.SignedInPageAsync(Conference + "/exports");
        try
        {
            var link = page.Locator("[data-testid='exports'] tr").Filter(new() { HasText = "Danh sách đại biểu" }).Locator("a.ws-download").First;
            await Expect(link).ToBeVisibleAsync();
            using var http = new HttpClient();

            var href = await link.GetAttributeAsync("href");
            using var response = await http.GetAsync(new Uri(stack.BotBaseUri, new Uri(href!).PathAndQuery));

            Assert.True(response.IsSuccessStatusCode, $"{href}: {(int)response.StatusCode}");
            Assert.Contains("Họ và tên", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
