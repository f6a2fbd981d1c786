using KhConferenceBot.Conferences;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Guests;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Guests;

/// <summary>The check-in pass in the confirmation e-mail of a delegate who answers on the page: QR inline, code, name, unit, seat group.</summary>
[Collection(StorageCollection.Name)]
public sealed class GuestPassMailTests(AzuriteFixture storage) : IAsyncLifetime
{
    private GuestHost _guests = null!;

    public async Task InitializeAsync() => _guests = await GuestHost.StartAsync(storage, time: new FakeTimeProvider(GuestHost.BeforeDeadline));

    public async Task DisposeAsync() => await _guests.DisposeAsync();

    [Fact]
    public async Task Submit_Attend_ConfirmationCarriesThePassQrInlineWithCodeNameUnitAndGroup()
    {
        var (conference, person, link) = await GuestAsync();
        using var browser = new AnswerPageClient(_guests);

        using var _ = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "attend" });
        var mail = await ConfirmationAsync(person, 1);

        var pass = await _guests.Service<PassService>().GetOrIssueAsync(conference, person.Id, CancellationToken.None);
        var qr = Assert.Single(mail.Attachments);
        Assert.Equal(("image/png", GuestMails.PassContentId, true), (qr.ContentType, qr.ContentId, qr.IsInline));
        Assert.Equal(PassCard.QrPng(pass!.Token), qr.Content);
        Assert.Contains($"src=\"cid:{GuestMails.PassContentId}\"", mail.Html, StringComparison.Ordinal);
        Assert.Contains(PassCard.Spaced(pass.Code), mail.Html, StringComparison.Ordinal);
        Assert.Contains(person.Organisation!, mail.Html, StringComparison.Ordinal);
        Assert.Contains(conference.FindGroup(person.GroupId)!.Name.Vi, mail.Html, StringComparison.Ordinal);
        Assert.Contains("Thẻ dự hội nghị", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_AttendDeclineAttend_DeclineHasNoPassAndTheNewPassReplacesTheRevokedOne()
    {
        var (conference, person, link) = await GuestAsync();
        using var browser = new AnswerPageClient(_guests);
        using var first = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "attend" });
        var firstMail = await ConfirmationAsync(person, 1);
        var firstCode = (await _guests.Service<PassService>().GetOrIssueAsync(conference, person.Id, CancellationToken.None))!.Code;

        _guests.Host.Time.Advance(TimeSpan.FromHours(1));
        using var decline = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "decline", ["reason"] = "Trùng lịch" });
        var declineMail = await ConfirmationAsync(person, 2);
        _guests.Host.Time.Advance(TimeSpan.FromHours(1));
        using var again = await browser.SubmitAsync(link, new Dictionary<string, string> { ["answer"] = "attend" });
        var againMail = await ConfirmationAsync(person, 3);

        Assert.Contains(PassCard.Spaced(firstCode), firstMail.Html, StringComparison.Ordinal);
        Assert.Empty(declineMail.Attachments);
        Assert.DoesNotContain("cid:", declineMail.Html, StringComparison.Ordinal);
        var newCode = (await _guests.Service<PassService>().GetOrIssueAsync(conference, person.Id, CancellationToken.None))!.Code;
        Assert.NotEqual(firstCode, newCode);
        Assert.Contains(PassCard.Spaced(newCode), againMail.Html, StringComparison.Ordinal);
        Assert.Single(againMail.Attachments);
        var old = await _guests.Service<CheckInService>().CheckInAsync(conference, firstCode, new Desk("Bàn 1", null), CancellationToken.None);
        Assert.Equal("revoked", old.RefusalCode);
    }

    /// <summary>The <paramref name="nth"/> confirmation e-mail the person got, once the outbox has sent it.</summary>
    private async Task<SentMail> ConfirmationAsync(ConferenceDelegate person, int nth)
    {
        await OutboxDriver.RunUntilAsync(_guests.Host, OutboxDriver.AllSettled(_guests.Host, GuestAnswers.ConfirmationPurpose(GuestHost.ConferenceId), nth));
        var mails = _guests.Graph.To(person.Email!).Where(m => m.Subject.StartsWith("Xác nhận phản hồi", StringComparison.Ordinal)).ToList();
        Assert.Equal(nth, mails.Count);
        return mails[^1];
    }

    private async Task<(Conference Conference, ConferenceDelegate Person, Uri Link)> GuestAsync()
    {
        var conference = await _guests.ConferenceAsync();
        var person = await _guests.GuestAsync(d => d.Category == DelegateCategory.Invited && d.Organisation is not null && !DistrictRegistration.IsContact(conference, d));
        return (conference, person, _guests.Service<AnswerLinks>().For(conference, person));
    }
}
