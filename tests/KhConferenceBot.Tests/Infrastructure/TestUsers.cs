using System.Text.Json;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>A Teams user as the tests use them; the five match the sample delegates a0..a4.</summary>
public sealed record TestUser(string Id, string AadObjectId, string Name)
{
    public string PersonalConversationId => "a:" + Id;

    public ChannelAccount Account => new() { Id = Id, AadObjectId = AadObjectId, Name = Name };
}

public static class TestUsers
{
    public static readonly TestUser Organizer = new("29:user-a0", "00000000-0000-0000-0000-0000000000a0", "Trần Thị Mai Anh");
    public static readonly TestUser Hung = new("29:user-a1", "00000000-0000-0000-0000-0000000000a1", "Nguyễn Văn Hùng");
    public static readonly TestUser ThuHa = new("29:user-a2", "00000000-0000-0000-0000-0000000000a2", "Lê Thị Thu Hà");
    public static readonly TestUser Tuan = new("29:user-a3", "00000000-0000-0000-0000-0000000000a3", "Phạm Minh Tuấn");
    public static readonly TestUser NgocLan = new("29:user-a4", "00000000-0000-0000-0000-0000000000a4", "Võ Thị Ngọc Lan");
    public static readonly TestUser Stranger = new("29:user-zz", "00000000-0000-0000-0000-0000000000ee", "Người lạ");

    public const string BotId = "28:khconferencebot";
    public const string TenantId = "00000000-0000-0000-0000-0000000000ff";
    public const string GroupChatId = "19:conference-group@thread.v2";
}

/// <summary>Builders for the activities Teams sends, addressed from a user to the bot.</summary>
public static class Activities
{
    public static Activity PersonalMessage(TestUser user, string text) => Base(user, ActivityTypes.Message, user.PersonalConversationId, ConversationTypes.Personal, a => a.Text = text);

    public static Activity GroupMention(TestUser user, string text, string conversationId = TestUsers.GroupChatId) =>
        Base(user, ActivityTypes.Message, conversationId, ConversationTypes.GroupChat, a =>
        {
            a.Text = "<at>KhConferenceBot</at> " + text;
            a.Entities = [Entity.Mention(TestUsers.BotId, "KhConferenceBot")];
        });

    public static Activity GroupMessageWithoutMention(TestUser user, string text) =>
        Base(user, ActivityTypes.Message, TestUsers.GroupChatId, ConversationTypes.GroupChat, a => a.Text = text);

    /// <summary>Action.Execute on a card: invoke adaptiveCard/action.</summary>
    public static Activity Execute(TestUser user, string verb, object? data = null, string? replyToId = null, string? conversationId = null, string conversationType = ConversationTypes.Personal) =>
        Base(user, ActivityTypes.Invoke, conversationId ?? user.PersonalConversationId, conversationType, a =>
        {
            a.Name = CardAction.InvokeName;
            a.ReplyToId = replyToId;
            a.Value = JsonSerializer.SerializeToElement(new { action = new { type = "Action.Execute", verb, data = data ?? new { } }, trigger = "manual" }, TeamsJson.Options);
        });

    /// <summary>The Action.Submit fallback: a message whose value carries the verb and the inputs.</summary>
    public static Activity Submit(TestUser user, string verb, IDictionary<string, object?>? data = null, string? replyToId = null)
    {
        var value = new Dictionary<string, object?>(data ?? new Dictionary<string, object?>()) { [CardAction.VerbKey] = verb };
        return Base(user, ActivityTypes.Message, user.PersonalConversationId, ConversationTypes.Personal, a =>
        {
            a.ReplyToId = replyToId;
            a.Value = JsonSerializer.SerializeToElement(value, TeamsJson.Options);
        });
    }

    public static Activity InstallPersonal(TestUser user) => Base(user, ActivityTypes.ConversationUpdate, user.PersonalConversationId, ConversationTypes.Personal, a =>
        a.MembersAdded = [new ChannelAccount { Id = TestUsers.BotId }, user.Account]);

    public static Activity InstallInGroup(TestUser user, string conversationId = TestUsers.GroupChatId) => Base(user, ActivityTypes.ConversationUpdate, conversationId, ConversationTypes.GroupChat, a =>
        a.MembersAdded = [new ChannelAccount { Id = TestUsers.BotId }]);

    private static Activity Base(TestUser user, string type, string conversationId, string conversationType, Action<Activity> configure)
    {
        var activity = new Activity
        {
            Type = type,
            Id = Guid.NewGuid().ToString("N"),
            ChannelId = "msteams",
            Timestamp = DateTimeOffset.UtcNow,
            From = user.Account,
            Recipient = new ChannelAccount { Id = TestUsers.BotId, Name = "KhConferenceBot" },
            Conversation = new ConversationAccount { Id = conversationId, ConversationType = conversationType, TenantId = TestUsers.TenantId, IsGroup = conversationType != ConversationTypes.Personal },
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = TestUsers.TenantId } },
            Locale = "en-US",
        };
        configure(activity);
        return activity;
    }
}
