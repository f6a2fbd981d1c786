using System.Net;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Guests;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Guests;

/// <summary>
/// The page behind an e-mail invitation's personal link: the same rules, deadline and messages as the Teams card (one
/// implementation), a changed answer until the deadline, and a link that speaks for its own delegate and nobody else.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class AnswerPageTests(AzuriteFixture storage) : IAsyncLifetime
{
    private GuestHost _guests = null!;

    public async Task InitializeAsync() => _guests = await GuestHost.StartAsync(storage, time: new FakeTimeProvider(GuestHost.BeforeDeadline));

    public async Task DisposeAsync() => await _guests.DisposeAsync();

    [Fact]
    public async Task Page_ValidLink_ShowsTheInvitationInVietnameseWithTheForm()
    {
        var (conference, person, link) = await GuestAsync(DelegateCategory.Summoned);
        using var browser = new AnswerPageClient(_guests);

        var (status, html) = await browser.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("<html lang=\"vi\">", html, StringComparison.Ordinal);
        Assert.Contains("GIẤY TRIỆU TẬP", html, StringComparison.Ordinal);
        Assert.Contains(person.Name, html, StringComparison.Ordinal);
        Assert.Contains(conference.Venue.Vi, html, StringComparison.Ordinal);
        Assert.Contains("Chưa trả lời.", html, StringComparison.Ordinal);
        Assert.Contains("name=\"answer\" value=\"attend\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var (enStatus, english) = await browser.GetAsync(new Uri(link + "?lang=en"));
        Assert.Equal(HttpStatusCode.OK, enStatus);
        Assert.Contains("NOTICE OF SUMMONS", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AttendThenChangeToDecline_StoredEachTimeShownAndConfirmedByEmail()
    {
        var (conference, person, link) = await GuestAsync(DelegateCategory.Invited);
        using var browser = new AnswerPageClient(_guests);

        using var attend = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "attend" });
        Assert.Equal(HttpStatusCode.SeeOther, attend.StatusCode);
        Assert.Equal(RsvpAnswer.Attend, (await AnswerOfAsync(person))!.Answer);
        var (_, shown) = await browser.GetAsync(new Uri(_guests.Host.Server.BaseAddress, attend.Headers.Location!));
        Assert.Contains("Ban Tổ chức đã ghi nhận câu trả lời", shown, StringComparison.Ordinal);
        Assert.Contains("Đã trả lời: <strong>Tham dự</strong>", shown, StringComparison.Ordinal);

        _guests.Host.Time.Advance(TimeSpan.FromHours(1));
        using var decline = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "decline", ["reason"] = "Trùng lịch công tác" });
        Assert.Equal(HttpStatusCode.SeeOther, decline.StatusCode);
        var stored = await AnswerOfAsync(person);
        Assert.Equal((RsvpAnswer.Decline, "Trùng lịch công tác"), (stored!.Answer, stored.Reason));

        // One confirmation per answer given, each in the delegate's own outbox row.
        var confirmations = await _guests.Service<IOutbox>().ListAsync(GuestAnswers.ConfirmationPurpose(conference.Id), CancellationToken.None);
        Assert.Equal(2, confirmations.Count(e => e.RecipientKey.StartsWith(person.Id + "@", StringComparison.Ordinal) && e.Channel == OutboxChannel.Email));
    }

    [Fact]
    public async Task Submit_SummonedDeclineWithoutReason_RefusedWithTheCardsMessageAndNothingStored()
    {
        var (_, person, link) = await GuestAsync(DelegateCategory.Summoned);
        using var browser = new AnswerPageClient(_guests);

        using var response = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "decline", ["reason"] = "  " });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("Đại biểu được triệu tập vui lòng nêu lý do vắng mặt.", html, StringComparison.Ordinal);
        Assert.Contains("id=\"answer-decline\" name=\"answer\" value=\"decline\" checked", html, StringComparison.Ordinal);
        Assert.Null(await AnswerOfAsync(person));
    }

    [Fact]
    public async Task Submit_Substitute_StoredAndTheSubstituteInvitedByEmail()
    {
        var (conference, person, link) = await GuestAsync(DelegateCategory.Invited);
        using var browser = new AnswerPageClient(_guests);

        using var response = await browser.SubmitAsync(link, new Dictionary<string, string>
        {
            ["answer"] = "substitute",
            ["substituteName"] = "Nguyễn Thị Lan",
            ["substitutePosition"] = "Phó Giám đốc",
            ["substituteEmail"] = "lan.nguyen@vcci.example",
        });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(("Nguyễn Thị Lan", "lan.nguyen@vcci.example"), ((await AnswerOfAsync(person))!.SubstituteName, (await AnswerOfAsync(person))!.SubstituteEmail));
        var substitute = await _guests.Service<IDelegateStore>().GetAsync(conference.Id, "lan.nguyen@vcci.example", CancellationToken.None);
        Assert.Equal(person.Id, substitute!.SubstituteForId);
        var invitation = await _guests.Service<IOutbox>().GetAsync(InvitationService.InvitationPurpose(conference.Id), substitute.Id, CancellationToken.None);
        Assert.Equal(OutboxChannel.Email, invitation!.Channel);
    }

    [Fact]
    public async Task Submit_DistrictContactRegistersLeaders_LeadersOnTheListAndShown()
    {
        var conference = await _guests.ConferenceAsync();
        var contact = (await _guests.DelegatesAsync()).First(d => DistrictRegistration.IsContact(conference, d) && d.Email is not null);
        var link = _guests.Service<AnswerLinks>().For(conference, contact);
        using var browser = new AnswerPageClient(_guests);

        using var response = await browser.SubmitAsync(link, new Dictionary<string, string>
        {
            ["form"] = "register",
            ["leader1Name"] = "Trần Văn Bình",
            ["leader1Position"] = "Chủ tịch UBND",
            ["leader2Name"] = "Lê Thị Mai",
            ["leader2Position"] = "Phó Chủ tịch UBND",
            ["leader2Email"] = "mai.le@huyen.example",
        });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var leaders = InvitationService.LeadersOf(contact, await _guests.DelegatesAsync());
        Assert.Equal(["Trần Văn Bình", "Lê Thị Mai"], leaders.Select(l => l.Name).Order(StringComparer.Ordinal).Reverse());
        var (_, html) = await browser.GetAsync(link);
        Assert.Contains("Đã đăng ký 2/3 lãnh đạo.", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Lê Thị Mai\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AfterTheDeadline_RefusedAndTheAnswerGivenStillShown()
    {
        var (conference, person, link) = await GuestAsync(DelegateCategory.Invited);
        using var browser = new AnswerPageClient(_guests);
        using var before = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "attend" });
        var (_, leftOpen) = await browser.GetAsync(link);
        _guests.Host.Time.Advance(TimeSpan.FromDays(3)); // 30 Nov: past the 29 Nov deadline

        var (status, page) = await browser.GetAsync(link);
        using var late = await browser.PostAsync(link, new Dictionary<string, string> { ["answer"] = "decline", ["reason"] = "Bận" }, leftOpen);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Đã trả lời: <strong>Tham dự</strong>", page, StringComparison.Ordinal);
        Assert.Contains("Đã hết hạn phản hồi", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("Đã hết hạn đăng ký tham dự", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(RsvpAnswer.Attend, (await AnswerOfAsync(person))!.Answer);
        Assert.Equal(conference.Id, (await AnswerOfAsync(person))!.ConferenceId);
    }

    [Fact]
    public async Task Page_ForgedExpiredOrOtherConferenceLink_RefusedClearly()
    {
        var (conference, person, link) = await GuestAsync(DelegateCategory.Invited);
        using var browser = new AnswerPageClient(_guests);
        var signer = _guests.Service<LinkSigner>();
        var token = link.AbsolutePath[(link.AbsolutePath.LastIndexOf('/') + 1)..];
        var forged = new Uri(link.GetLeftPart(UriPartial.Authority) + "/thu-moi/" + token[..^2] + (token[^2..] == "AA" ? "BB" : "AA"));
        var download = signer.Sign("attendance", person.Id, conference.Id, _guests.Host.Time.GetUtcNow().AddDays(1));
        var otherConference = signer.Seal(AnswerLinks.Purpose, person.Id, "hoi-nghi-khac-2026", _guests.Host.Time.GetUtcNow().AddDays(30));
        var otherDelegate = signer.Seal(AnswerLinks.Purpose, "ai-do@khac.example", conference.Id, _guests.Host.Time.GetUtcNow().AddDays(30));
        var expired = signer.Seal(AnswerLinks.Purpose, person.Id, conference.Id, _guests.Host.Time.GetUtcNow().AddMinutes(-1));
        var sealedDownload = signer.Seal("attendance", person.Id, conference.Id, _guests.Host.Time.GetUtcNow().AddDays(1));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(forged)).Status);
        Assert.Contains("Đường liên kết không hợp lệ", (await browser.GetAsync(forged)).Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(Page(download))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(Page(sealedDownload))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(Page(otherConference))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(Page(otherDelegate))).Status);
        var (goneStatus, goneHtml) = await browser.GetAsync(Page(expired));
        Assert.Equal(HttpStatusCode.Gone, goneStatus);
        Assert.Contains("Đường liên kết đã hết hạn", goneHtml, StringComparison.Ordinal);
        using var post = await browser.SubmitAsync(forged, new Dictionary<string, string> { ["answer"] = "attend" });
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null(await AnswerOfAsync(person));
    }

    [Fact]
    public async Task Submit_FormNamingAnotherDelegate_AnswersOnlyForTheLinksDelegate()
    {
        var (conference, person, link) = await GuestAsync(DelegateCategory.Invited);
        var other = (await _guests.DelegatesAsync()).First(d => d.Id != person.Id && d.AadObjectId is null);
        using var browser = new AnswerPageClient(_guests);

        using var response = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "attend", ["delegateId"] = other.Id, ["conferenceId"] = "hoi-nghi-khac" });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.NotNull(await AnswerOfAsync(person));
        Assert.Null(await AnswerOfAsync(other));
        Assert.Equal(conference.Id, (await AnswerOfAsync(person))!.ConferenceId);
    }

    [Fact]
    public async Task Submit_WithoutTheAntiforgeryToken_RefusedAndNothingStored()
    {
        var (_, person, link) = await GuestAsync(DelegateCategory.Invited);
        using var browser = new AnswerPageClient(_guests);

        using var response = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "attend" }, withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Trang đã cũ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await AnswerOfAsync(person));
    }

    [Fact]
    public async Task Page_MoreRequestsThanALinkMayMake_429WithRetryAfterWhileOtherLinksStillOpen()
    {
        await using var limited = await GuestHost.StartAsync(storage, new Dictionary<string, string?> { ["Guests:RequestsPerLinkPerMinute"] = "3" }, new FakeTimeProvider(GuestHost.BeforeDeadline));
        var conference = await limited.ConferenceAsync();
        var guests = (await limited.DelegatesAsync()).Where(d => d.AadObjectId is null && d.Email is not null).Take(2).ToList();
        var links = guests.Select(g => limited.Service<AnswerLinks>().For(conference, g)).ToList();
        using var browser = new AnswerPageClient(limited);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await browser.GetAsync(links[0])).Status);
        }

        using var refused = await browser.Http.GetAsync(AnswerPageClient.Relative(links[0]));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Quá nhiều yêu cầu", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(links[1])).Status);
    }

    private static Uri Page(string token) => new("http://127.0.0.1:3978/thu-moi/" + token);

    private async Task<(Conference Conference, ConferenceDelegate Person, Uri Link)> GuestAsync(DelegateCategory category)
    {
        var conference = await _guests.ConferenceAsync();
        var person = await _guests.GuestAsync(d => d.Category == category && !DistrictRegistration.IsContact(conference, d));
        return (conference, person, _guests.Service<AnswerLinks>().For(conference, person));
    }

    private Task<RsvpRecord?> AnswerOfAsync(ConferenceDelegate person) =>
        _guests.Service<IRsvpStore>().GetAsync(GuestHost.ConferenceId, person.Id, CancellationToken.None);
}
