using System.Text.Json;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Agenda;

[Collection(StorageCollection.Name)]
public sealed class GroupChatAgendaTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Bind_OrganizerInGroup_StoresBindingAndConfirms()
    {
        (await _host.PostAsync(Activities.InstallInGroup(TestUsers.Organizer))).Dispose();
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.Text.Contains("Đã gắn nhóm chat", StringComparison.Ordinal));
        Assert.Contains("Hội nghị Chỉ số 2022", reply.Text, StringComparison.Ordinal);
        var binding = await _host.Service<IGroupChatStore>().GetBindingAsync("khanh-hoa-2023", CancellationToken.None);
        Assert.Equal(TestUsers.GroupChatId, binding!.ConversationId);
    }

    [Fact]
    public async Task Bind_NonOrganizer_IsRefusedAndNothingStored()
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "bind conference"))).Dispose();

        await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.Text.Contains("Ban Tổ chức", StringComparison.Ordinal));
        Assert.Null(await _host.Service<IGroupChatStore>().GetBindingAsync("khanh-hoa-2023", CancellationToken.None));
    }

    [Fact]
    public async Task CreateGroupChat_LocalMode_ExplainsGraphIsNeeded()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "tạo nhóm chat"))).Dispose();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId);
        Assert.Contains("Microsoft Graph", reply.Text, StringComparison.Ordinal);
        Assert.Contains("gắn hội nghị", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostedCard_MinuteByMinute_AtMostOnePutPerMinuteAndOnlyWhenStateChanges()
    {
        _host.Time.SetUtcNow(ClockDriver.Local(7, 55));
        await ClockDriver.CatchUpAsync(_host);
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "chương trình"))).Dispose();
        var posted = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.CardJson.Contains("Chương trình hội nghị", StringComparison.Ordinal));
        var cardId = (await _host.Service<IPostedAgendaCardStore>().ListAsync("khanh-hoa-2023", CancellationToken.None)).Single().ActivityId;

        var perMinute = new List<int>();
        var before = 0;
        await ClockDriver.AdvanceMinutesAsync(25, _ =>
        {
            var now = _host.Connector.Updates.Count(u => u.ActivityId == cardId);
            perMinute.Add(now - before);
            before = now;
        }, _host);

        // 07h56..08h20: the state changes at 08h00 (introduction), 08h05 (opening) and 08h15 (directions) only.
        Assert.All(perMinute, n => Assert.True(n <= 1));
        Assert.Equal(3, perMinute.Sum());
        Assert.Equal(1, perMinute[4]);
        Assert.Equal(1, perMinute[9]);
        Assert.Equal(1, perMinute[19]);
        var last = _host.Connector.Updates.Last(u => u.ActivityId == cardId);
        Assert.Contains("Đang diễn ra", last.CardJson, StringComparison.Ordinal);
        Assert.Contains("Phát biểu chỉ đạo", last.CardJson, StringComparison.Ordinal);
        Assert.NotNull(posted);
    }

    [Fact]
    public async Task ScheduleChange_EndToEnd_NoticeInGroupAndEveryPostedCardUpdatedAtOnce()
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "agenda"))).Dispose();
        (await _host.PostAsync(Activities.GroupMention(TestUsers.ThuHa, "chương trình"))).Dispose();
        var cardIds = (await _host.Service<IPostedAgendaCardStore>().ListAsync("khanh-hoa-2023", CancellationToken.None)).Select(c => c.ActivityId).ToList();
        Assert.Equal(2, cardIds.Count);

        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "thay đổi chương trình"))).Dispose();
        var form = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains("agenda.change.preview", StringComparison.Ordinal));
        var etag = EtagOf(form.CardJson);
        var data = new { etag, item = "indices-report", start = "08h45", end = "", presenter = "", cancel = "false", shift = "true", reason = "Đại biểu đến muộn do mưa lớn" };

        var preview = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.PreviewVerb, data));
        Assert.Contains("08h45 - 10h15", preview.ToString(), StringComparison.Ordinal);
        Assert.Contains("Xác nhận", preview.ToString(), StringComparison.Ordinal);

        var stranger = await _host.InvokeAsync(Activities.Execute(TestUsers.Hung, ScheduleChangeCards.ConfirmVerb, data));
        Assert.Equal(403, stranger.GetProperty("statusCode").GetInt32());

        var confirmed = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.ConfirmVerb, data));
        Assert.Contains("Đã áp dụng thay đổi", confirmed.ToString(), StringComparison.Ordinal);

        var notice = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));
        Assert.Contains("08h45 - 10h15", notice.Text, StringComparison.Ordinal);
        Assert.Contains("08h30 - 10h00", notice.Text, StringComparison.Ordinal);
        Assert.Contains("mưa lớn", notice.Text, StringComparison.Ordinal);
        Assert.Single(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));

        // Both cards were posted this very minute: the once-a-minute pace is for the now/next marks, not for a change,
        // so every posted card shows the new times as soon as the notice does, without the clock moving.
        Assert.All(cardIds, id => Assert.Contains("08h45 - 10h15", _host.Connector.Updates.Single(u => u.ActivityId == id).CardJson, StringComparison.Ordinal));

        var again = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.ConfirmVerb, data));
        Assert.Contains("vừa được thay đổi", again.ToString(), StringComparison.Ordinal);
        Assert.Single(_host.Connector.SentTo(TestUsers.GroupChatId), c => c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ScheduleChange_Overlap_RefusedOnTheFormAndNothingSaved()
    {
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "thay đổi chương trình"))).Dispose();
        var form = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains("agenda.change.preview", StringComparison.Ordinal));
        var data = new { etag = EtagOf(form.CardJson), item = "indices-report", start = "08h45", shift = "false" };

        var refused = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.ConfirmVerb, data));

        Assert.Contains("trùng với mục sau", refused.ToString(), StringComparison.Ordinal);
        var stored = await _host.SampleConferenceAsync();
        Assert.Equal("08h30 - 10h00", stored.FindItem("indices-report")!.TimeRange);
    }

    internal static string EtagOf(string cardJson)
    {
        using var doc = JsonDocument.Parse(cardJson);
        return doc.RootElement.GetProperty("actions")[0].GetProperty("data").GetProperty("etag").GetString()!;
    }
}
