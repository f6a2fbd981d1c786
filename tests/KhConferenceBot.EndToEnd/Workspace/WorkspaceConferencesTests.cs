using KhConferenceBot.Conferences;
using KhConferenceBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>The conferences page: a conference from the seed plan (reviewed line by line), and a copy of a past one.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceConferencesTests(WorkspaceStackFixture stack)
{
    private static string SeedPlan => Path.Combine(TestPaths.RepoRoot, "tests", "KhConferenceBot.Tests", "Data", "plans", "seed-4417-kh-ubnd.txt");

    [Fact]
    public async Task UploadPlan_SeedText_DraftShowsLinesThenDateFilledThenCreatedAndListed()
    {
        var page = await stack.SignedInPageAsync("/organizer");
        try
        {
            await page.Locator("[data-testid='plan-file']").SetInputFilesAsync(new FilePayload { Name = "ke-hoach-4417.txt", MimeType = "text/plain", Buffer = await File.ReadAllBytesAsync(SeedPlan) });

            var draft = page.Locator("[data-testid='conference-draft']");
            await Expect(draft).ToBeVisibleAsync();
            await Expect(draft.Locator("[data-source='venue']")).ToContainTextAsync("Địa điểm: Tại thành phố Nha Trang");
            await Expect(draft.Locator("[data-testid='draft-issues'] [data-field='date']")).ToContainTextAsync("ngày");
            await Expect(draft.Locator("[data-source='agenda[0]']")).ToBeVisibleAsync();

            // Announced as they start: the programme's items, not the reception (item 1) nor the break (item 6).
            var announce = draft.GetByTestId("draft-announce");
            await Expect(announce).ToHaveCountAsync(9);
            await Expect(announce.Nth(0)).Not.ToBeCheckedAsync();
            await Expect(announce.Nth(1)).ToBeCheckedAsync();
            await Expect(announce.Nth(5)).Not.ToBeCheckedAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(WorkspaceStackFixture.Screenshots, "workspace-conferences-draft-1280.png"), FullPage = true });
            var before = await Directory().ListAsync(CancellationToken.None);

            // Nothing is created half-way: confirming without the date keeps the draft and names the field.
            await draft.Locator("[data-testid='draft-create']").ClickAsync();
            await Expect(draft.Locator("[data-testid='draft-issues'] [data-field='date']")).ToBeVisibleAsync();
            Assert.Equal(before.Count, (await Directory().ListAsync(CancellationToken.None)).Count);

            await draft.Locator("[data-testid='draft-date']").FillAsync("2027-05-20");
            await draft.Locator("[data-testid='draft-create']").ClickAsync();

            var done = page.Locator("[data-testid='conference-done']");
            await Expect(done).ToContainTextAsync("Đã tạo hội nghị");
            var created = (await Directory().ListAsync(CancellationToken.None)).Single(c => before.All(b => b.Id != c.Id));
            Assert.Equal((new DateOnly(2027, 5, 20), ConferenceState.Draft), (created.Date, created.State));
            Assert.NotEmpty(created.Agenda);
            await Expect(page.Locator($"[data-conference='{created.Id}']")).ToContainTextAsync("20/05/2027");
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Copy_SampleConference_NewDraftWithAgendaAndGroupsListed()
    {
        var page = await stack.SignedInPageAsync("/organizer");
        try
        {
            var sample = await Directory().GetAsync(WorkspaceStackFixture.ConferenceId, CancellationToken.None);
            await page.Locator($"[data-conference='{WorkspaceStackFixture.ConferenceId}']").GetByRole(AriaRole.Button).ClickAsync();
            var copy = page.Locator("[data-testid='conference-copy']");
            await copy.Locator("[data-testid='copy-date']").FillAsync("2027-06-15");
            await copy.Locator("[data-testid='copy-confirm']").ClickAsync();

            await Expect(page.Locator("[data-testid='conference-done']")).ToContainTextAsync("Đã tạo bản sao");
            var made = (await Directory().ListAsync(CancellationToken.None)).Single(c => c.Date == new DateOnly(2027, 6, 15));
            Assert.Equal(ConferenceState.Draft, made.State);
            Assert.Equal(sample!.Groups.Select(g => g.Name.Vi), made.Groups.Select(g => g.Name.Vi));
            Assert.Equal(sample.Agenda.Count(a => !a.Cancelled), made.Agenda.Count);
            Assert.Empty(await stack.BotServices.GetRequiredService<Features.Delegates.IDelegateStore>().ListAsync(made.Id, CancellationToken.None));
            await Expect(page.Locator($"[data-conference='{made.Id}']")).ToBeVisibleAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    private ConferenceDirectory Directory() => stack.BotServices.GetRequiredService<ConferenceDirectory>();
}
