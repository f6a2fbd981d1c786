using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Agenda;

/// <summary>
/// The conference day from 06h30 to 11h35 on the fake clock, one minute at a time, against a Bot Connector that answers
/// 429 exactly where Teams' rate limits would: group chat bound, two agenda cards posted, two schedule changes by the
/// organizer, and every group reminder and announcement.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SimulatedDayTests(AzuriteFixture storage) : IAsyncLifetime
{
    private const string ConferenceId = "khanh-hoa-2023";
    private const string Group = TestUsers.GroupChatId;
    private const string NewPresenter = "Hiệp hội Du lịch Khánh Hòa; Đại biểu";

    private BotTestHost _host = null!;

    // The 1:1 day-before reminder goes through the outbox, not the group chat; this day is about the group chat.
    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { ["Reminders:DayBefore"] = "false" });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ConferenceDay_MinuteByMinute_NoThrottlingEachReminderOnceCardsPutAtMostOncePerMinute()
    {
        var connector = _host.Connector;
        connector.EnforceTeamsLimits = true;
        _host.Time.SetUtcNow(ClockDriver.Local(6, 30));
        await ClockDriver.CatchUpAsync(_host);

        (await _host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        Assert.Equal(Group, (await _host.Service<IGroupChatStore>().GetBindingAsync(ConferenceId, CancellationToken.None))?.ConversationId);

        // When each card was PUT, on the fake clock: every snapshot is taken once all work for that instant is done.
        var putTimes = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        void Snapshot()
        {
            foreach (var group in connector.Updates.Where(u => u.Status == 200).GroupBy(u => u.ActivityId!))
            {
                var before = seen.GetValueOrDefault(group.Key);
                var times = putTimes.TryGetValue(group.Key, out var list) ? list : putTimes[group.Key] = [];
                for (var i = before; i < group.Count(); i++)
                {
                    times.Add(_host.Time.GetUtcNow());
                }

                seen[group.Key] = group.Count();
            }
        }

        var end = ClockDriver.Local(11, 35);
        while (_host.Time.GetUtcNow() < end)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(1));
            await ClockDriver.CatchUpAsync(_host);
            Snapshot();

            var local = _host.Time.GetUtcNow() - ClockDriver.ConferenceDayMidnightUtc;
            var acted = true;
            switch ((local.Hours, local.Minutes))
            {
                case (6, 50):
                    (await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "chương trình"))).Dispose();
                    break;
                case (7, 30):
                    // Heavy rain: the report starts at 08h45 and everything after it moves by 15 minutes.
                    await ChangeAsync(new { item = "indices-report", start = "08h45", end = "", presenter = "", cancel = "false", shift = "true", reason = "Đại biểu đến muộn do mưa lớn" });
                    break;
                case (9, 0):
                    (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "chương trình"))).Dispose();
                    break;
                case (9, 30):
                    await ChangeAsync(new { item = "discussion", start = "", end = "", presenter = NewPresenter, cancel = "false", shift = "false", reason = "Bổ sung đơn vị chia sẻ kinh nghiệm" });
                    break;
                default:
                    acted = false;
                    break;
            }

            if (acted)
            {
                // A change wakes the loops: let them finish at this instant before the next minute starts.
                _host.Time.Advance(TimeSpan.FromSeconds(1));
                await ClockDriver.CatchUpAsync(_host);
                Snapshot();
            }
        }

        Assert.Equal(0, connector.ThrottledCount);
        Assert.DoesNotContain(connector.Calls, c => c.Status != 200);

        // Two cards posted in the group, each kept live, never PUT twice within a minute.
        var cards = await _host.Service<IPostedAgendaCardStore>().ListAsync(ConferenceId, CancellationToken.None);
        Assert.Equal(2, cards.Count);
        Assert.Equal(2, connector.SentTo(Group).Count(c => c.CardJson.Contains("Chương trình hội nghị", StringComparison.Ordinal)));
        foreach (var card in cards)
        {
            var times = putTimes.GetValueOrDefault(card.ActivityId) ?? [];
            Assert.NotEmpty(times);
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMinutes(1), $"Card {card.ActivityId} PUT at {pair.First:HH:mm:ss} and {pair.Second:HH:mm:ss}"));
        }

        // The card posted before the first change was moved in place; the one posted after it showed the new times already.
        Assert.Contains(connector.Updates, u => u.CardJson.Contains("08h45 - 10h15", StringComparison.Ordinal));
        Assert.All(cards, c => Assert.Contains(connector.Updates, u => u.ActivityId == c.ActivityId && u.CardJson.Contains(NewPresenter, StringComparison.Ordinal)));

        // Each schedule change announced once in the group.
        var group = connector.SentTo(Group).Where(c => c.Status == 200).Select(c => c.Text).ToList();
        Assert.Single(group, t => t.Contains("Thay đổi chương trình hội nghị", StringComparison.Ordinal) && t.Contains("mưa lớn", StringComparison.Ordinal));
        Assert.Single(group, t => t.Contains("Thay đổi chương trình hội nghị", StringComparison.Ordinal) && t.Contains(NewPresenter, StringComparison.Ordinal));

        // Every group reminder and announcement of the (changed) day, once each; the one after the break is folded into the break's end.
        string[] expected =
        [
            "🔔 Còn 30 phút nữa hội nghị bắt đầu (07h15",
            "▶️ Bắt đầu (08h00 - 08h05)",
            "▶️ Bắt đầu (08h05 - 08h15)",
            "🔔 Hết giờ giải lao. Kính mời Quý đại biểu trở lại hội trường.\n\nTiếp theo (10h30 - 11h00)",
            "💬 Phần thảo luận bắt đầu lúc 11h00.",
            "▶️ Bắt đầu (11h00 - 11h30): **Thảo luận, chia sẻ kinh nghiệm** — " + NewPresenter,
        ];
        Assert.All(expected, prefix => Assert.Single(group, t => t.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Equal(expected.Length, group.Count(t => t.StartsWith("🔔", StringComparison.Ordinal) || t.StartsWith("▶️", StringComparison.Ordinal) || t.StartsWith("💬", StringComparison.Ordinal)));
    }

    /// <summary>The organizer's change: the form, then Preview and Confirm as Action.Execute on its cards.</summary>
    private async Task ChangeAsync(object fields)
    {
        var connector = _host.Connector;
        IReadOnlyList<RecordedCall> Forms() => [.. connector.SentTo(TestUsers.Organizer.PersonalConversationId).Where(c => c.CardJson.Contains(ScheduleChangeCards.PreviewVerb, StringComparison.Ordinal))];
        var before = Forms().Count;
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "thay đổi chương trình"))).Dispose();
        await connector.WaitForAsync(_ => Forms().Count > before);
        var form = Forms()[^1];
        var data = System.Text.Json.JsonSerializer.SerializeToElement(fields);
        var withEtag = data.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
        withEtag["etag"] = GroupChatAgendaTests.EtagOf(form.CardJson);

        var preview = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.PreviewVerb, withEtag));
        Assert.Contains("Xác nhận", preview.ToString(), StringComparison.Ordinal);
        var confirmed = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.ConfirmVerb, withEtag));
        Assert.Contains("Đã áp dụng thay đổi", confirmed.ToString(), StringComparison.Ordinal);
    }
}
