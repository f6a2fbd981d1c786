using System.Text;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;

namespace KhConferenceBot.Tests.Guests;

/// <summary>
/// Delegates Teams cannot reach are invited by e-mail through the same outbox: one ledger per delegate and purpose,
/// Graph's sendMail on a loopback fake, its 429 and 5xx retried after Retry-After, a bad address failed with its reason.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class GuestEmailTests(AzuriteFixture storage)
{
    private static readonly string Invitation = InvitationService.InvitationPurpose(GuestHost.ConferenceId);

    [Fact]
    public async Task EnqueueInvitations_SampleDelegatesWithoutTeams_EachGetsOneOfficialEmailWithIcsAndPersonalLink()
    {
        await using var guests = await GuestHost.StartAsync(storage);
        var conference = await guests.ConferenceAsync();
        var all = await guests.DelegatesAsync();
        var byEmail = all.Where(d => d.AadObjectId is null && d.Email is not null).ToList();
        var inTeams = all.Count(d => d.AadObjectId is not null);

        var result = await guests.Service<InvitationService>().EnqueueInvitationsAsync(conference, null, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(guests.Host, OutboxDriver.AllSettled(guests.Host, Invitation, all.Count));

        Assert.Equal(36, byEmail.Count);
        Assert.Equal(byEmail.Count, result.ByEmail);
        Assert.Empty(result.WithoutTeams);
        Assert.Equal(byEmail.Count, guests.Graph.Sent.Count);
        Assert.Equal(inTeams, guests.Host.Connector.Sends.Count(c => c.Status is 200 or 201));
        foreach (var person in byEmail)
        {
            var mail = Assert.Single(guests.Graph.To(person.Email!));
            Assert.Equal(GuestHost.Mailbox, mail.Mailbox);
            Assert.Equal(person.Name, mail.ToName);
            var summoned = person.Category == DelegateCategory.Summoned;
            Assert.StartsWith(summoned ? "Giấy Triệu Tập: " : "Giấy Mời: ", mail.Subject, StringComparison.Ordinal);
            Assert.Contains(summoned ? "GIẤY TRIỆU TẬP" : "GIẤY MỜI", mail.Html, StringComparison.Ordinal);
            Assert.Contains(person.Name, mail.Html, StringComparison.Ordinal);
            Assert.Contains(conference.Venue.Vi, mail.Html, StringComparison.Ordinal);
            Assert.Contains(conference.Chair!.Vi, mail.Html, StringComparison.Ordinal);
            Assert.Contains(conference.Agenda.First(a => !a.Cancelled).TimeRange, mail.Html, StringComparison.Ordinal);
            Assert.Contains(Features.Attendance.RsvpRules.FormatDeadline(conference, KhConferenceBot.Common.Language.Vi), mail.Html, StringComparison.Ordinal);
            Assert.Contains("http://127.0.0.1:3978/thu-moi/", mail.Html, StringComparison.Ordinal);
            Assert.Contains("thư trả lời (reply) không được đọc", mail.Html, StringComparison.Ordinal);
            var ics = Assert.Single(mail.Attachments);
            Assert.Equal(("hoi-nghi.ics", "text/calendar"), (ics.Name, ics.ContentType));
            Assert.StartsWith("BEGIN:VCALENDAR", Encoding.UTF8.GetString(ics.Content), StringComparison.Ordinal);

            var entry = await guests.Service<IOutbox>().GetAsync(Invitation, person.Id, CancellationToken.None);
            Assert.Equal((OutboxState.Sent, OutboxChannel.Email), (entry!.State, entry.Channel));
        }

        var status = await guests.Service<InvitationService>().StatusAsync(conference, CancellationToken.None);
        Assert.Equal(all.Count, status.Sent);
        Assert.Equal(byEmail.Count, status.Email.Sent);
    }

    [Fact]
    public async Task EnqueueInvitations_SentTwiceAndEmailChosenForATeamsUser_EachDelegateInvitedOnceInOneChannel()
    {
        await using var guests = await GuestHost.StartAsync(storage);
        var conference = await guests.ConferenceAsync();
        var all = await guests.DelegatesAsync();
        var hung = all.Single(d => d.AadObjectId == TestUsers.Hung.AadObjectId);
        await guests.Service<IDelegateStore>().UpsertAsync(conference.Id, [hung with { Channel = DelegateChannel.Email }], CancellationToken.None);
        var invitations = guests.Service<InvitationService>();

        await invitations.EnqueueInvitationsAsync(conference, null, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(guests.Host, OutboxDriver.AllSettled(guests.Host, Invitation, all.Count));
        var again = await invitations.EnqueueInvitationsAsync(conference, null, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(guests.Host, OutboxDriver.AllSettled(guests.Host, Invitation, all.Count));

        Assert.Equal(0, again.Enqueued);
        Assert.Equal(all.Count, again.AlreadyThere);
        Assert.Single(guests.Graph.To(hung.Email!));
        Assert.Empty(guests.Host.Connector.SentTo(TestUsers.Hung.PersonalConversationId));
        Assert.Equal(37, guests.Graph.Sent.Count);
        Assert.All(guests.Graph.Sent.GroupBy(m => m.To), g => Assert.Single(g));
        Assert.Equal(all.Count, (await guests.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task EmailRow_Graph429ThenServiceUnavailable_RetriedAfterRetryAfterThenSentOnce()
    {
        await using var guests = await GuestHost.StartAsync(storage);
        var person = await guests.GuestAsync(_ => true);
        var conference = await guests.ConferenceAsync();
        guests.Graph.Failures.Enqueue((429, 120));
        guests.Graph.Failures.Enqueue((503, null));
        var start = guests.Host.Time.GetUtcNow();

        await guests.Service<InvitationService>().InviteAsync(conference, person, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(guests.Host, async () => (await guests.Service<IOutbox>().GetAsync(Invitation, person.Id, CancellationToken.None))!.State == OutboxState.Sent);

        Assert.Equal(3, guests.Graph.Calls);
        Assert.Single(guests.Graph.Sent);
        var entry = await guests.Service<IOutbox>().GetAsync(Invitation, person.Id, CancellationToken.None);
        Assert.Equal(3, entry!.Attempts);
        Assert.True(entry.SentAt >= start + TimeSpan.FromSeconds(120), $"sent at {entry.SentAt}, before Graph's Retry-After of 120 s from {start}");
    }

    [Fact]
    public async Task EmailRow_AddressGraphRefuses_FailsAtOnceWithReasonInStatus()
    {
        await using var guests = await GuestHost.StartAsync(storage);
        var person = await guests.GuestAsync(_ => true);
        var conference = await guests.ConferenceAsync();
        guests.Graph.BadAddresses[person.Email!] = true;

        await guests.Service<InvitationService>().InviteAsync(conference, person, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(guests.Host, async () => (await guests.Service<IOutbox>().GetAsync(Invitation, person.Id, CancellationToken.None))!.State == OutboxState.Failed);

        var entry = await guests.Service<IOutbox>().GetAsync(Invitation, person.Id, CancellationToken.None);
        Assert.Equal((1, OutboxFailureReasons.MailRecipientRejected), (entry!.Attempts, entry.ErrorCode));
        var failure = Assert.Single((await guests.Service<InvitationService>().StatusAsync(conference, CancellationToken.None)).Failures);
        Assert.Equal((person.Name, OutboxChannel.Email), (failure.Name, failure.Channel));
        Assert.Contains("Địa chỉ email của đại biểu không hợp lệ", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmailRows_MoreThanTheMailboxSendsAMinute_SpreadOverMinutesWithoutA429()
    {
        await using var guests = await GuestHost.StartAsync(storage, new Dictionary<string, string?> { ["Mail:MessagesPerMinute"] = "10" });
        var conference = await guests.ConferenceAsync();
        var start = guests.Host.Time.GetUtcNow();

        await guests.Service<InvitationService>().EnqueueInvitationsAsync(conference, null, CancellationToken.None);
        await OutboxDriver.RunUntilAsync(guests.Host, async () => (await guests.Service<IOutbox>().CountsAsync(Invitation, CancellationToken.None)).Sent == 41);

        // 36 e-mails at 10 a minute: the last one goes in the fourth minute; each reached Graph once, none was refused,
        // and waiting for the mailbox's minute is not an attempt.
        Assert.Equal(36, guests.Graph.Calls);
        var mails = (await guests.Service<IOutbox>().ListAsync(Invitation, CancellationToken.None)).Where(e => e.Channel == OutboxChannel.Email).ToList();
        Assert.All(mails, e => Assert.Equal(1, e.Attempts));
        Assert.InRange((mails.Max(e => e.SentAt)!.Value - start).TotalMinutes, 3, 4);
        foreach (var minute in Enumerable.Range(0, 4))
        {
            Assert.True(mails.Count(e => e.SentAt >= start.AddMinutes(minute) && e.SentAt < start.AddMinutes(minute + 1)) <= 10);
        }
    }
}
