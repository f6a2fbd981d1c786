using System.Text.Json;
using System.Text.Json.Serialization;

namespace KhConferenceBot.Teams.Schema;

public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

public sealed class ConversationParameters
{
    public bool? IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public IList<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public TeamsChannelData? ChannelData { get; set; }
}

public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
}

public sealed class PagedMembersResult
{
    public string? ContinuationToken { get; set; }
    public IList<TeamsChannelAccount>? Members { get; set; }
}

public sealed class ErrorResponse
{
    public ErrorBody? Error { get; set; }
}

public sealed class ErrorBody
{
    public string? Code { get; set; }
    public string? Message { get; set; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>
/// What the bot needs to talk to a conversation later, captured from every validated inbound activity.
/// </summary>
public sealed record ConversationReference(
    string ServiceUrl,
    string ConversationId,
    string? ConversationType,
    string? TenantId,
    string? UserId,
    string? UserAadObjectId,
    string? UserName,
    string? BotId)
{
    public static ConversationReference? FromActivity(Activity activity)
    {
        if (string.IsNullOrEmpty(activity.ServiceUrl) || string.IsNullOrEmpty(activity.Conversation?.Id))
        {
            return null;
        }

        return new ConversationReference(
            activity.ServiceUrl,
            activity.Conversation.Id,
            activity.Conversation.ConversationType,
            activity.TenantId,
            activity.From?.Id,
            activity.From?.AadObjectId,
            activity.From?.Name,
            activity.Recipient?.Id);
    }
}
