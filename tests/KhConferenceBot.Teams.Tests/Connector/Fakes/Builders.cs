using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Tests.Connector.Fakes;

/// <summary>Test data: a Teams message activity with sensible defaults, changed only where a test cares.</summary>
internal sealed class ActivityBuilder
{
    private string _text = "Xin chào";
    private string? _tenantId = ConnectorHarness.HomeTenant;
    private string _conversationId = "a:conv-1";
    private string? _replyToId;

    public static ActivityBuilder Message() => new();

    public ActivityBuilder WithText(string text)
    {
        _text = text;
        return this;
    }

    public ActivityBuilder InTenant(string? tenantId)
    {
        _tenantId = tenantId;
        return this;
    }

    public ActivityBuilder InConversation(string conversationId)
    {
        _conversationId = conversationId;
        return this;
    }

    public ActivityBuilder ReplyingTo(string activityId)
    {
        _replyToId = activityId;
        return this;
    }

    public Activity Build()
    {
        var activity = Activity.CreateMessage(_text);
        activity.Conversation = new ConversationAccount { Id = _conversationId };
        activity.ReplyToId = _replyToId;
        if (_tenantId is not null)
        {
            activity.ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = _tenantId } };
        }

        return activity;
    }
}

/// <summary>Test data: parameters for a proactive 1:1 conversation.</summary>
internal sealed class ConversationParametersBuilder
{
    private string _memberId = "29:user-1";
    private string _tenantId = ConnectorHarness.HomeTenant;

    public static ConversationParametersBuilder Personal() => new();

    public ConversationParametersBuilder WithMember(string memberId)
    {
        _memberId = memberId;
        return this;
    }

    public ConversationParametersBuilder InTenant(string tenantId)
    {
        _tenantId = tenantId;
        return this;
    }

    public ConversationParameters Build() => new()
    {
        IsGroup = false,
        Bot = new ChannelAccount { Id = "28:" + ConnectorHarness.AppId },
        Members = [new ChannelAccount { Id = _memberId }],
        TenantId = _tenantId,
        ChannelData = new TeamsChannelData { Tenant = new TenantInfo { Id = _tenantId } },
    };
}
