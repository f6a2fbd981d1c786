using System.Net;
using KhConferenceBot.Conferences;
using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Invitations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KhConferenceBot.EndToEnd.Workspace;

/// <summary>Sign-in, the conferences list and the live overview, in headless chromium against the bot on loopback.</summary>
[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceShellTests(WorkspaceStackFixture stack)
{
    [Fact]
    public async Task Open_NotSignedIn_SignInPageInVietnameseAndWrongKeyRefused()
    {
        var page = await stack.Browser.Context.NewPageAsync();
        await page.Context.ClearCookiesAsync();
        try
        {
            await page.GotoAsync(stack.Url("/organizer/conferences/khanh-hoa-2023/delegates").ToString());

            Assert.Equal("/organizer/signin", new Uri(page.Url).AbsolutePath);
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Chế độ cục bộ: nhập khóa Ban Tổ chức");
            await page.GetByLabel("Khóa Ban Tổ chức").FillAsync("a-wrong-key-of-some-length");
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
            await Expect(page.Locator("#ws-signin-status")).ToContainTextAsync("Chưa đăng nhập được");
            Assert.Equal("/organizer/signin", new Uri(page.Url).AbsolutePath);
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task SignIn_NoCredential_401AndNoCookie()
    {
        using var http = new HttpClient { BaseAddress = stack.BotBaseUri };

        using var response = await http.PostAsync(new Uri("organizer/session", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Contains("Chưa đăng nhập được", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_OrganizerKey_ConferencesListShowsSample()
    {
        var page = await stack.SignedInPageAsync();
        try
        {
            var link = page.GetByRole(AriaRole.Link, new() { Name = "Hội nghị PAR-Index" }).Or(page.Locator($"a[href='/organizer/conferences/{WorkspaceStackFixture.ConferenceId}']"));
            await Expect(link.First).ToBeVisibleAsync();
            await link.First.ClickAsync();
            await page.WaitForURLAsync($"**/organizer/conferences/{WorkspaceStackFixture.ConferenceId}");
            await Expect(page.Locator("[data-stat='total']")).ToBeVisibleAsync();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Overview_SampleConference_NumbersEqualStoredAnswers()
    {
        var page = await stack.SignedInPageAsync($"/organizer/conferences/{WorkspaceStackFixture.ConferenceId}");
        try
        {
            await Expect(page.Locator("[data-stat='total']")).ToBeVisibleAsync();
            // Answers of delegates an organizer removed stay on record but are not counted (another test removes one).
            // Nor are a named substitute's own answer (the delegate who sent them is counted) or a district contact's
            // (contacts register leaders; the desk tests confirm people straight in storage, contacts among them).
            var conference = (await stack.BotServices.GetRequiredService<ConferenceDirectory>().GetAsync(WorkspaceStackFixture.ConferenceId, CancellationToken.None))!;
            var listed = (await stack.BotServices.GetRequiredService<Features.Delegates.IDelegateStore>().ListAsync(WorkspaceStackFixture.ConferenceId, CancellationToken.None))
                .Where(d => d.SubstituteForId is null && !DistrictRegistration.IsContact(conference, d)).Select(d => d.Id).ToHashSet();
            var rsvps = (await stack.BotServices.GetRequiredService<IRsvpStore>().ListAsync(WorkspaceStackFixture.ConferenceId, CancellationToken.None)).Where(r => listed.Contains(r.DelegateId)).ToList();

            Assert.Equal(rsvps.Count(r => r.Answer == RsvpAnswer.Attend), await WorkspaceStackFixture.StatAsync(page, "attending"));
            Assert.Equal(rsvps.Count(r => r.Answer == RsvpAnswer.Decline), await WorkspaceStackFixture.StatAsync(page, "declined"));
            Assert.Equal(rsvps.Count(r => r.Answer == RsvpAnswer.Substitute), await WorkspaceStackFixture.StatAsync(page, "substitutes"));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task Overview_DelegateAnswersThroughBot_CountChangesWithoutReload()
    {
        var page = await stack.SignedInPageAsync($"/organizer/conferences/{WorkspaceStackFixture.ConferenceId}");
        try
        {
            await Expect(page.Locator("[data-stat='declined']")).ToBeVisibleAsync();
            var before = await WorkspaceStackFixture.StatAsync(page, "declined");
            // A mark on the window: a reload would lose it.
            await page.EvaluateAsync("() => { window.__khcbNoReload = true; }");

            var user = PlaygroundIds.Tuan;
            var conversation = await stack.Playground.OpenPersonalChatAsync(user);
            var answer = await stack.Playground.ExecuteAsync(user, conversation, await stack.Playground.PostPlaceholderAsync(conversation), InvitationCards.DeclineVerb, new System.Text.Json.Nodes.JsonObject
            {
                ["conferenceId"] = WorkspaceStackFixture.ConferenceId,
                ["delegateId"] = "tuan.pham@khanhhoa.example",
                ["reason"] = "Đi công tác",
            });
            Assert.NotNull(answer);

            await Expect(page.Locator("[data-stat='declined'] .ws-number")).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(await page.EvaluateAsync<bool>("() => window.__khcbNoReload === true"));
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
