using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Guests;
using KhConferenceBot.Features.Reminders;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Guests;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;
using Microsoft.Extensions.Time.Testing;
using static KhConferenceBot.Tests.CheckIn.CheckInTestData;

namespace KhConferenceBot.Tests.Reminders;

/// <summary>The day-before reminder carries each confirmed person's pass: over the pass card in Teams, with the QR inline by e-mail.</summary>
[Collection(StorageCollection.Name)]
public sealed class DayBeforePassTests(AzuriteFixture storage)
{
    [Fact]
    public async Task DayBefore_ConfirmedInTeamsAndByEmail_EachGetsTheReminderWithTheirOwnPass()
    {
        await using var guests = await GuestHost.StartAsync(storage, time: new FakeTimeProvider(ClockDriver.Local(15, 58).AddDays(-1)));
        var host = guests.Host;
        var conference = await guests.ConferenceAsync();
        var guest = await guests.GuestAsync(d => d.Category == KhConferenceBot.Conferences.DelegateCategory.Invited && !Features.Invitations.DistrictRegistration.IsContact(conference, d));
        await AnswerAsync(host, HungId, RsvpAnswer.Attend);
        await AnswerAsync(host, guest.Id, RsvpAnswer.Attend);
        await AnswerAsync(host, TuanId, RsvpAnswer.Decline);

        await ClockDriver.AdvanceMinutesAsync(3, null, host);
        var key = (await host.Service<IReminderStore>().ListAsync(ConferenceId, CancellationToken.None)).Single(r => r.Kind == ReminderPlanner.DayBeforeKind).Key;
        var purpose = OutboxPurposes.Of(ConferenceId, "reminder:" + key);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, purpose, 2));

        var passes = host.Service<PassService>();
        var hungPass = (await passes.GetOrIssueAsync(conference, HungId, CancellationToken.None))!;
        var guestPass = (await passes.GetOrIssueAsync(conference, guest.Id, CancellationToken.None))!;
        var rows = await host.Service<IOutbox>().ListAsync(purpose, CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal(OutboxState.Sent, r.State));

        var card = Assert.Single(host.Connector.Sends, c => c.CardJson.Contains("THẺ DỰ HỘI NGHỊ", StringComparison.Ordinal)).CardJson;
        Assert.Contains("Nhắc lịch", card, StringComparison.Ordinal);
        Assert.Contains(PassCard.Spaced(hungPass.Code), card, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Văn Hùng", card, StringComparison.Ordinal);

        var mail = Assert.Single(guests.Graph.To(guest.Email!));
        Assert.StartsWith("Nhắc lịch ngày mai", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(PassCard.Spaced(guestPass.Code), mail.Html, StringComparison.Ordinal);
        Assert.Contains($"cid:{GuestMails.PassContentId}", mail.Html, StringComparison.Ordinal);
        var qr = Assert.Single(mail.Attachments);
        Assert.True(qr.IsInline);
        Assert.Equal(PassCard.QrPng(guestPass.Token), qr.Content);
    }
}
