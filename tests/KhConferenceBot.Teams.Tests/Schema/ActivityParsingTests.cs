using System.Text.Json;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Tests.Schema;

public class ActivityParsingTests
{
    private const string TenantId = "0b3a7c4e-1d2f-4e5a-8b6c-9d0e1f2a3b4c";
    private const string BotId = "28:9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d";

    [Theory]
    [MemberData(nameof(Payloads.All), MemberType = typeof(Payloads))]
    public void TryParseActivity_TeamsPayload_ParsesWithTenantAndNoError(string payload)
    {
        var activity = TeamsJson.TryParseActivity(Payloads.Bytes(payload), out var error);

        Assert.NotNull(activity);
        Assert.Null(error);
        Assert.Equal("msteams", activity.ChannelId);
        Assert.Equal(TenantId, activity.TenantId);
        Assert.Equal(BotId, activity.Recipient?.Id);
        Assert.NotNull(ConversationReference.FromActivity(activity));
    }

    [Theory]
    [MemberData(nameof(Payloads.All), MemberType = typeof(Payloads))]
    public void Serialize_ParsedTeamsPayload_RoundTripsEveryField(string payload)
    {
        var activity = Payloads.Parse(payload);

        JsonAssert.Equivalent(Payloads.Text(payload), TeamsJson.Serialize(activity));
    }

    [Fact]
    public void TryParseActivity_PersonalMessage_ReadsUserConversationAndClientInfo()
    {
        var activity = Payloads.Parse(Payloads.PersonalMessage);

        Assert.True(activity.IsType(ActivityTypes.Message));
        Assert.Equal("chương trình hôm nay", activity.Text);
        Assert.Equal("plain", activity.TextFormat);
        Assert.Equal("vi-VN", activity.Locale);
        Assert.Equal("Asia/Ho_Chi_Minh", activity.LocalTimezone);
        Assert.Equal(new DateTimeOffset(2025, 11, 3, 1, 15, 42, TimeSpan.Zero).AddTicks(1234567), activity.Timestamp);
        Assert.Equal(TimeSpan.FromHours(7), activity.LocalTimestamp?.Offset);
        Assert.Equal("https://smba.trafficmanager.net/apac/", activity.ServiceUrl);

        Assert.Equal("29:1Xk3qk2vDnZcJ0aJ9kT2mQ7xYpLrE5sVw8hGu4oNfBiC6dMtA_zR1yHe", activity.From?.Id);
        Assert.Equal("Nguyễn Văn An", activity.From?.Name);
        Assert.Equal("6f1c2a57-3b8e-4d21-9c0a-5e7f8d9b1a23", activity.From?.AadObjectId);

        Assert.NotNull(activity.Conversation);
        Assert.Equal(ConversationTypes.Personal, activity.Conversation.ConversationType);
        Assert.True(activity.Conversation.IsPersonal);
        Assert.StartsWith("a:", activity.Conversation.Id, StringComparison.Ordinal);

        var clientInfo = Assert.Single(activity.Entities ?? []);
        Assert.Equal(Entity.ClientInfoType, clientInfo.Type);
        Assert.Equal("vi-VN", clientInfo.Locale);
        Assert.Equal("VN", clientInfo.Country);
        Assert.Equal("Windows", clientInfo.Platform);
        Assert.Equal("Asia/Ho_Chi_Minh", clientInfo.Timezone);

        var html = Assert.Single(activity.Attachments ?? []);
        Assert.Equal("text/html", html.ContentType);
        Assert.Equal("<p>chương trình hôm nay</p>", html.Content?.GetString());
    }

    [Fact]
    public void TryParseActivity_GroupChatMention_ReadsMentionOfBotAndChannelDataTenant()
    {
        var activity = Payloads.Parse(Payloads.GroupChatMention);

        Assert.Equal("<at>KhConferenceBot</at> chương trình", activity.Text);
        Assert.Equal(ConversationTypes.GroupChat, activity.Conversation?.ConversationType);
        Assert.True(activity.Conversation?.IsGroup);
        Assert.False(activity.Conversation?.IsPersonal);
        Assert.EndsWith("@thread.v2", activity.Conversation?.Id, StringComparison.Ordinal);
        Assert.Equal(TenantId, activity.ChannelData?.Tenant?.Id);

        var mention = Assert.Single(activity.Entities ?? [], e => e.Type == Entity.MentionType);
        Assert.Equal(activity.Recipient?.Id, mention.Mentioned?.Id);
        Assert.Equal("KhConferenceBot", mention.Mentioned?.Name);
        Assert.Equal("<at>KhConferenceBot</at>", mention.Text);
        Assert.Contains(mention.Text!, activity.Text, StringComparison.Ordinal);
        Assert.Single(activity.Entities ?? [], e => e.Type == Entity.ClientInfoType);
    }

    [Fact]
    public void TryParseActivity_AdaptiveCardInvoke_ReadsNameValueAndReplyToId()
    {
        var activity = Payloads.Parse(Payloads.InvokeAdaptiveCardAction);

        Assert.True(activity.IsType(ActivityTypes.Invoke));
        Assert.Equal("adaptiveCard/action", activity.Name);
        Assert.Equal("1762133000000", activity.ReplyToId);
        var value = Assert.IsType<JsonElement>(activity.Value);
        Assert.Equal("rsvp.attend", value.GetProperty("action").GetProperty("verb").GetString());
        Assert.Equal("manual", value.GetProperty("trigger").GetString());
        Assert.Equal("message", activity.ChannelData?.Extra?["source"].GetProperty("name").GetString());
    }

    [Fact]
    public void TryParseActivity_SubmitMessage_ReadsValueWithoutText()
    {
        var activity = Payloads.Parse(Payloads.SubmitMessage);

        Assert.True(activity.IsType(ActivityTypes.Message));
        Assert.Null(activity.Text);
        var value = Assert.IsType<JsonElement>(activity.Value);
        Assert.Equal("rsvp.decline", value.GetProperty("verb").GetString());
        Assert.Equal("Bận công tác", value.GetProperty("lyDo").GetString());
    }

    [Fact]
    public void TryParseActivity_PersonalBotAdded_MembersAddedContainsBotAndUser()
    {
        var activity = Payloads.Parse(Payloads.ConversationUpdatePersonalBotAdded);

        Assert.True(activity.IsType(ActivityTypes.ConversationUpdate));
        Assert.True(activity.Conversation?.IsPersonal);
        Assert.Null(activity.ChannelData?.EventType);
        var members = activity.MembersAdded ?? [];
        Assert.Equal(2, members.Count);
        Assert.Contains(members, m => m.Id == activity.Recipient?.Id);
        Assert.Contains(members, m => m.AadObjectId == "6f1c2a57-3b8e-4d21-9c0a-5e7f8d9b1a23");
    }

    [Fact]
    public void TryParseActivity_TeamBotAdded_ReadsEventTypeTeamAndSelectedChannel()
    {
        var activity = Payloads.Parse(Payloads.ConversationUpdateTeamBotAdded);

        Assert.Equal(ConversationTypes.Channel, activity.Conversation?.ConversationType);
        Assert.Equal("teamMemberAdded", activity.ChannelData?.EventType);
        Assert.Equal("19:4a2c6e8f0b1d3f5a7c9e1b3d5f7a9c2e@thread.tacv2", activity.ChannelData?.Settings?.SelectedChannel?.Id);
        Assert.Equal(activity.Conversation?.Id, activity.ChannelData?.Settings?.SelectedChannel?.Id);
        Assert.Equal("Hội nghị Khoa học 2025", activity.ChannelData?.Team?.Name);
        Assert.Equal("c3e5a7b9-d1f3-4a5b-8c7d-e9f1a3b5c7d9", activity.ChannelData?.Team?.AadGroupId);
        var bot = Assert.Single(activity.MembersAdded ?? []);
        Assert.Equal(activity.Recipient?.Id, bot.Id);
    }

    [Theory]
    [InlineData(Payloads.InstallationUpdateAdd, "add")]
    [InlineData(Payloads.InstallationUpdateRemove, "remove")]
    public void TryParseActivity_InstallationUpdate_ReadsAction(string payload, string action)
    {
        var activity = Payloads.Parse(payload);

        Assert.True(activity.IsType(ActivityTypes.InstallationUpdate));
        Assert.Equal(action, activity.Action);
    }

    [Fact]
    public void TryParseActivity_UnknownType_KeepsTypeAndUnknownFields()
    {
        var activity = Payloads.Parse(Payloads.UnknownType);

        Assert.Equal("meetingPollVote", activity.Type);
        Assert.True(activity.Extra?.ContainsKey("relatesTo"));
        Assert.True(activity.Extra?["futureFlag"].GetBoolean());
        Assert.Equal("an.nguyen@example.edu.vn", activity.From?.Extra?["userPrincipalName"].GetString());
        Assert.True(activity.ChannelData?.Extra?.ContainsKey("meeting"));
        Assert.False(activity.ChannelData?.Notification?.Alert);
    }

    [Fact]
    public void TryParseActivity_DifferentPropertyCasing_StillReadsKnownFields()
    {
        var activity = TeamsJson.TryParseActivity("""{"Type":"message","Text":"hi","From":{"AadObjectId":"x"}}"""u8, out _);

        Assert.Equal("message", activity?.Type);
        Assert.Equal("hi", activity?.Text);
        Assert.Equal("x", activity?.From?.AadObjectId);
    }

    [Fact]
    public void Serialize_OutboundCardMessage_OmitsNullsAndUsesCamelCase()
    {
        var card = JsonDocument.Parse("""{"type":"AdaptiveCard","version":"1.5","body":[]}""").RootElement;
        var activity = Activity.CreateCard(card);
        activity.Conversation = new ConversationAccount { Id = "a:1" };

        var json = TeamsJson.Serialize(activity);

        JsonAssert.Equivalent(
            """
            {
              "type": "message",
              "conversation": { "id": "a:1" },
              "attachments": [
                { "contentType": "application/vnd.microsoft.card.adaptive", "content": { "type": "AdaptiveCard", "version": "1.5", "body": [] } }
              ]
            }
            """,
            json);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_MentionEntity_EncodesNameInAtTag()
    {
        var entity = Entity.Mention("29:abc", "Lê <Văn> & Cường");

        JsonAssert.Equivalent(
            """{"type":"mention","mentioned":{"id":"29:abc","name":"Lê <Văn> & Cường"},"text":"<at>Lê &lt;Văn&gt; &amp; Cường</at>"}""",
            TeamsJson.Serialize(entity));
    }
}
