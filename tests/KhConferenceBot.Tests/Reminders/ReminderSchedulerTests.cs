using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Reminders;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Reminders;

[Collection(StorageCollection.Name)]
public sealed class ReminderSchedulerTests(AzuriteFixture storage)
{
    private const string BeforeStartText = "Còn 30 phút nữa hội nghị bắt đầu";

    private static int Count(string text, params BotTestHost[] hosts) =>
        hosts.Sum(h => h.Connector.SentTo(TestUsers.GroupChatId).Count(c => c.Text.Contains(text, StringComparison.Ordinal)));

    [Fact]
    public async Task BeforeStart_TwoHostsOneStorageThenRestart_FiresExactlyOnce()
    {
        var time = new FakeTimeProvider(ClockDriver.Local(6, 0));
        await using var first = await BotTestHost.StartAsync(storage, time: time);
        var shared = new Dictionary<string, string?> { ["Storage:TablePrefix"] = first.TablePrefix };
        var second = await BotTestHost.StartAsync(storage, shared, time);
        try
        {
            (await first.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
            time.SetUtcNow(ClockDriver.Local(6, 43)); // the day opens at 07h15 (welcome), so the reminder is due at 06h45
            await ClockDriver.CatchUpAsync(first, second);

            await ClockDriver.AdvanceMinutesAsync(4, null, first, second);

            Assert.Equal(1, Count(BeforeStartText, first, second));
        }
        finally
        {
            await second.DisposeAsync();
        }

        await using var third = await BotTestHost.StartAsync(storage, shared, time);
        await ClockDriver.AdvanceMinutesAsync(2, null, first, third);

        Assert.Equal(1, Count(BeforeStartText, first, third));
        var rows = await third.Service<IReminderStore>().ListAsync("khanh-hoa-2023", CancellationToken.None);
        Assert.Equal(ReminderState.Sent, rows.Single(r => r.Kind == ReminderPlanner.BeforeStartKind).State);
    }

    [Fact]
    public async Task BeforeStart_BotDownPastGrace_SkippedAndOrganizersTold()
    {
        var time = new FakeTimeProvider(ClockDriver.Local(6, 0));
        var first = await BotTestHost.StartAsync(storage, time: time);
        var shared = new Dictionary<string, string?> { ["Storage:TablePrefix"] = first.TablePrefix };
        (await first.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        await ClockDriver.CatchUpAsync(first);
        await first.DisposeAsync();

        time.SetUtcNow(ClockDriver.Local(7, 5));
        await using var second = await BotTestHost.StartAsync(storage, shared, time);
        (await second.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        await ClockDriver.AdvanceMinutesAsync(1, null, second);

        Assert.Equal(0, Count(BeforeStartText, second));
        var rows = await second.Service<IReminderStore>().ListAsync("khanh-hoa-2023", CancellationToken.None);
        Assert.Equal(ReminderState.Skipped, rows.Single(r => r.Kind == ReminderPlanner.BeforeStartKind).State);
        // One outbox message per organizer names the skipped reminder (delivery is the outbox sender's job).
        var key = rows.Single(r => r.Kind == ReminderPlanner.BeforeStartKind).Key;
        var batch = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), 0, 8).ToLowerInvariant();
        var told = await second.Service<IOutbox>().ListAsync(KhConferenceBot.Outbox.OutboxPurposes.Of("khanh-hoa-2023", "reminders-skipped:" + batch), CancellationToken.None);
        Assert.Equal(TestUsers.Organizer.AadObjectId, Assert.Single(told).RecipientKey);
    }

    [Fact]
    public async Task Reminders_ScheduleChangeMovesStart_NewReminderFiresAtNewTimeOldOneNever()
    {
        var time = new FakeTimeProvider(ClockDriver.Local(6, 30));
        await using var host = await BotTestHost.StartAsync(storage, time: time);
        (await host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        (await host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "thay đổi chương trình"))).Dispose();
        var form = await host.Connector.WaitForAsync(c => c.CardJson.Contains("agenda.change.preview", StringComparison.Ordinal));
        var data = new { etag = Agenda.GroupChatAgendaTests.EtagOf(form.CardJson), item = "welcome", start = "07h30", shift = "true" };
        var confirmed = await host.InvokeAsync(Activities.Execute(TestUsers.Organizer, Features.Agenda.ScheduleChangeCards.ConfirmVerb, data));
        Assert.Contains("Đã áp dụng", confirmed.ToString(), StringComparison.Ordinal);

        time.SetUtcNow(ClockDriver.Local(6, 44));
        await ClockDriver.AdvanceMinutesAsync(3, null, host);
        Assert.Equal(0, Count(BeforeStartText, host));

        time.SetUtcNow(ClockDriver.Local(6, 59));
        await ClockDriver.AdvanceMinutesAsync(2, null, host);
        var sent = host.Connector.SentTo(TestUsers.GroupChatId).Single(c => c.Text.Contains(BeforeStartText, StringComparison.Ordinal));
        Assert.Contains("07h30", sent.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Announce_ConferenceCreatedFromThePlan_EachProgrammeItemStartPostedOnceReceptionNot()
    {
        var time = new FakeTimeProvider(ClockDriver.Local(7, 10));
        var plan = Path.Combine(TestPaths.RepoRoot, "samples", SampleConference.Id, "ke-hoach.txt");
        await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Planning:SamplePlans:0"] = plan, ["Conference:Date"] = "2026-12-01" }, time);
        (await host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        await ClockDriver.CatchUpAsync(host);

        await ClockDriver.AdvanceMinutesAsync(57, null, host); // to 08h07: the reception at 07h15, then two items

        Assert.Equal(1, Count("▶️ Bắt đầu (08h00 - 08h05): **Tuyên bố lý do, giới thiệu đại biểu** — Lãnh đạo Sở Nội vụ", host));
        Assert.Equal(1, Count("▶️ Bắt đầu (08h05 - 08h15): **Phát biểu khai mạc Hội nghị** — Lãnh đạo UBND tỉnh", host));
        Assert.Equal(2, Count("▶️", host));
    }

    [Fact]
    public async Task CustomReminder_OrganizerAddsOne_FiresOnceAtItsTime()
    {
        var time = new FakeTimeProvider(ClockDriver.Local(9, 0));
        await using var host = await BotTestHost.StartAsync(storage, time: time);
        (await host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        (await host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "nhắc lúc 09h30 Mời đại biểu chụp ảnh lưu niệm"))).Dispose();
        await host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.Text.Contains("Đã đặt lời nhắc", StringComparison.Ordinal));
        (await host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "nhắc lúc 09h40 spam"))).Dispose();

        time.SetUtcNow(ClockDriver.Local(9, 28));
        await ClockDriver.AdvanceMinutesAsync(13, null, host);

        Assert.Equal(1, Count("chụp ảnh lưu niệm", host));
        Assert.Equal(0, Count("spam", host));
    }

    [Fact]
    public async Task DayBefore_ConfirmedDelegates_OneOutboxRowEach()
    {
        var time = new FakeTimeProvider(ClockDriver.Local(15, 58).AddDays(-1));
        var settings = new Dictionary<string, string?>();
        await using var host = await BotTestHost.StartAsync(storage, settings, time);
        await ClockDriver.AdvanceMinutesAsync(3, null, host);

        var rows = await host.Service<IReminderStore>().ListAsync("khanh-hoa-2023", CancellationToken.None);
        Assert.Equal(ReminderState.Sent, rows.Single(r => r.Kind == ReminderPlanner.DayBeforeKind).State);
        var outbox = host.Service<IOutbox>();
        var key = rows.Single(r => r.Kind == ReminderPlanner.DayBeforeKind).Key;
        var confirmed = await host.Service<IConfirmedDelegates>().GetAadObjectIdsAsync("khanh-hoa-2023", CancellationToken.None);
        Assert.Equal(confirmed.Count, (await outbox.ListAsync(KhConferenceBot.Outbox.OutboxPurposes.Of("khanh-hoa-2023", "reminder:" + key), CancellationToken.None)).Count);
    }
}
