using System.Text.Json;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Bot;

/// <summary>
/// One inbound activity being handled: who sent it (from the authenticated activity only), in which language the bot
/// answers, whether the sender is an organizer, and how to answer into the same conversation.
/// </summary>
public sealed class TurnContext
{
    private readonly IConnectorClient _connector;

    public TurnContext(Activity activity, Conference conference, Language language, bool isOrganizer, IConnectorClient connector, CancellationToken cancellationToken)
    {
        Activity = activity;
        Conference = conference;
        Language = language;
        IsOrganizer = isOrganizer;
        _connector = connector;
        CancellationToken = cancellationToken;
    }

    public Activity Activity { get; }

    public Conference Conference { get; }

    /// <summary>Changes when the user switches language during this turn, so the confirmation already speaks the new one.</summary>
    public Language Language { get; set; }

    public bool IsOrganizer { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>The user's Entra object id: the only identity the bot trusts.</summary>
    public string? UserAadObjectId => Activity.From?.AadObjectId;

    /// <summary>A stable key for the user: the object id, or the channel id when Teams sent none.</summary>
    public string UserKey => UserAadObjectId ?? Activity.From?.Id ?? "anonymous";

    public string UserName => Activity.From?.Name ?? "";

    public string ConversationId => Activity.Conversation?.Id ?? "";

    public bool IsPersonal => Activity.Conversation?.IsPersonal ?? true;

    public string T(string vi, string en) => Language.Pick(vi, en);

    public Task<ResourceResponse> SendAsync(Activity activity) =>
        _connector.SendToConversationAsync(Activity.ServiceUrl!, ConversationId, Address(activity), CancellationToken);

    public Task<ResourceResponse> SendTextAsync(string text) => SendAsync(Activity.CreateMessage(text));

    public Task<ResourceResponse> SendCardAsync(JsonElement card, string? summary = null) => SendAsync(Activity.CreateCard(card, summary));

    public Task<ResourceResponse> UpdateAsync(string activityId, Activity activity) =>
        _connector.UpdateActivityAsync(Activity.ServiceUrl!, ConversationId, activityId, Address(activity, activityId), CancellationToken);

    /// <summary>Fills the routing fields of an outbound activity from the inbound one (the Playground shows a message only when it names its conversation).</summary>
    private Activity Address(Activity outbound, string? withId = null)
    {
        outbound.Type ??= ActivityTypes.Message;
        outbound.Id = withId;
        outbound.ChannelId ??= Activity.ChannelId;
        outbound.ServiceUrl ??= Activity.ServiceUrl;
        outbound.Conversation ??= new ConversationAccount { Id = ConversationId, ConversationType = Activity.Conversation?.ConversationType, TenantId = Activity.TenantId };
        outbound.From ??= Activity.Recipient;
        outbound.Recipient ??= Activity.From;
        outbound.Locale ??= Language.Code();
        return outbound;
    }
}
