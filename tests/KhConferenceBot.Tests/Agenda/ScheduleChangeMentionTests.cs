using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Agenda;

[Collection(StorageCollection.Name)]
public sealed class ScheduleChangeMentionTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ScheduleChange_PresenterIsTeamsUser_NoticeMentionsThemAndEscapesReason()
    {
        var store = _host.Service<IConferenceStore>();
        var stored = (await store.GetAsync("khanh-hoa-2023", CancellationToken.None))!;
        stored.Conference.FindItem("indices-report")!.PresenterAccounts.Add(new PresenterAccount(TestUsers.Hung.AadObjectId, TestUsers.Hung.Name));
        Assert.True(await store.TryReplaceAsync(stored.Conference, stored.ETag, CancellationToken.None));
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, "gắn hội nghị"))).Dispose();
        (await _host.PostAsync(Activities.PersonalMessage(TestUsers.Organizer, "thay đổi chương trình"))).Dispose();
        var form = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.Organizer.PersonalConversationId && c.CardJson.Contains("agenda.change.preview", StringComparison.Ordinal));
        var data = new { etag = GroupChatAgendaTests.EtagOf(form.CardJson), item = "indices-report", start = "08h45", shift = "true", reason = "**Mưa lớn** <at>x</at>" };

        var confirmed = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, ScheduleChangeCards.ConfirmVerb, data));

        Assert.Contains("Đã áp dụng thay đổi", confirmed.ToString(), StringComparison.Ordinal);
        var notice = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId && c.Text.Contains("Thay đổi chương trình", StringComparison.Ordinal));
        var mention = Assert.Single(notice.Activity!.Entities!);
        Assert.Equal(TestUsers.Hung.AadObjectId, mention.Mentioned!.Id);
        Assert.Contains(mention.Text!, notice.Text, StringComparison.Ordinal);
        Assert.Contains("<at>Nguyễn Văn Hùng</at>", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("**Mưa lớn**", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<at>x</at>", notice.Text, StringComparison.Ordinal);
    }
}
