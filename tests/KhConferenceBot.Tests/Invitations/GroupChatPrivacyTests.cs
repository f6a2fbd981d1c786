using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Testing;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Tests.Attendance;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Invitations;

/// <summary>
/// Everyone in the conference group chat (the press included) reads what the bot posts there: organizer answers with
/// delegates' personal data go to the organizer's personal chat, and the group reads only that they were sent.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class GroupChatPrivacyTests(AzuriteFixture storage) : IAsyncLifetime
{
    private BotTestHost _host = null!;

    public async Task InitializeAsync() => _host = await BotTestHost.StartAsync(storage, time: new FakeTimeProvider(RsvpFlowTests.Start));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>The organizer's command in the group; returns what reached the group and what reached anywhere else.</summary>
    private async Task<(RecordedCall Group, RecordedCall Private)> OrganizerAsksInGroupAsync(string text, Func<RecordedCall, bool> privateAnswer)
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Organizer, text))).EnsureSuccessStatusCode();
        var group = await _host.Connector.WaitForAsync(c => c.Method == "POST" && c.ConversationId == TestUsers.GroupChatId);
        var answer = await _host.Connector.WaitForAsync(c => c.Method == "POST" && c.ConversationId != TestUsers.GroupChatId && c.Activity is not null && privateAnswer(c));
        return (group, answer);
    }

    private void AssertGroupReadsOnlyTheNotice()
    {
        var posted = _host.Connector.SentTo(TestUsers.GroupChatId);
        var notice = Assert.Single(posted);
        Assert.Equal("", notice.CardJson);
        Assert.Contains("trò chuyện riêng", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusCommand_InGroupChat_CardOnlyInOrganizersPersonalChat()
    {
        var (group, answer) = await OrganizerAsksInGroupAsync("tình hình", c => c.CardJson.Contains("Tình hình phản hồi", StringComparison.Ordinal));

        Assert.Contains("Võ Thị Ngọc Lan", answer.CardJson, StringComparison.Ordinal); // the non-responders, privately
        Assert.Equal(ConversationTypes.Personal, answer.Activity!.Conversation!.ConversationType);
        Assert.Contains("Đã gửi kết quả **tình hình** vào trò chuyện riêng", group.Text, StringComparison.Ordinal);
        AssertGroupReadsOnlyTheNotice();
    }

    [Fact]
    public async Task SendCommand_InGroupChat_PlanWithNamesOnlyInPersonalChat()
    {
        var (_, answer) = await OrganizerAsksInGroupAsync("gửi thư mời", c => c.CardJson.Contains("Xác nhận gửi", StringComparison.Ordinal));

        Assert.Contains("Chưa có tài khoản Teams", answer.CardJson, StringComparison.Ordinal);
        AssertGroupReadsOnlyTheNotice();
    }

    [Fact]
    public async Task RemindCommand_InGroupChat_AnsweredInPersonalChat()
    {
        var (_, answer) = await OrganizerAsksInGroupAsync("nhắc", c => c.Text.Contains("nhắc", StringComparison.Ordinal));

        Assert.Contains("Không có ai cần nhắc", answer.Text, StringComparison.Ordinal);
        AssertGroupReadsOnlyTheNotice();
    }

    [Fact]
    public async Task StatusCommand_ByDelegateInGroupChat_RefusedNothingSentPrivately()
    {
        (await _host.PostAsync(Activities.GroupMention(TestUsers.Hung, "tình hình"))).EnsureSuccessStatusCode();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId);
        Assert.Contains("chỉ dành cho Ban Tổ chức", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(_host.Connector.Calls, c => c.CardJson.Contains("Tình hình phản hồi", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(OrganizerCards.PreviewVerb)]
    [InlineData(OrganizerCards.ConfirmVerb)]
    public async Task InvitationAdminCard_PressedInGroupChat_RefusedNothingPostedOrQueued(string verb)
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, verb, new { group = "" }, conversationId: TestUsers.GroupChatId, conversationType: ConversationTypes.GroupChat));

        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Empty(_host.Connector.SentTo(TestUsers.GroupChatId));
        Assert.Empty(await _host.Service<KhConferenceBot.Outbox.IOutbox>().ListAsync(InvitationService.InvitationPurpose(BotTestHost.SampleId), CancellationToken.None));
    }

    [Theory]
    [InlineData("question.board")]
    [InlineData("question.approve")]
    [InlineData("question.hide")]
    [InlineData("question.answer")]
    [InlineData("question.merge")]
    public async Task QuestionBoardCard_PressedInGroupChat_RefusedAuthorsNotShown(string verb)
    {
        var body = await _host.InvokeAsync(Activities.Execute(TestUsers.Organizer, verb, new { id = "1", page = 0, sort = "new" }, conversationId: TestUsers.GroupChatId, conversationType: ConversationTypes.GroupChat));

        Assert.Equal(403, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("personalChatOnly", body.GetProperty("value").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Reply_ToUsersMessage_CarriesReplyToId()
    {
        var message = Activities.GroupMention(TestUsers.Hung, "trợ giúp");

        (await _host.PostAsync(message)).EnsureSuccessStatusCode();

        var reply = await _host.Connector.WaitForAsync(c => c.ConversationId == TestUsers.GroupChatId);
        Assert.Equal(message.Id, reply.Activity!.ReplyToId);
    }
}
