using System.Text.Json;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Bot;

/// <summary>
/// One inbound activity being handled: who sent it (from the authenticated activity only), which conference it is about
/// (resolved by the router per activity), in which language the bot answers, the sender's roles in that conference,
/// and how to answer into the same conversation.
/// </summary>
public sealed class TurnContext
{
    private readonly TurnReplies _replies;

    /// <summary>Set when the answer goes to the user's personal chat instead of the conversation they wrote in.</summary>
    private readonly ConversationReference? _privateChat;

    private readonly Conference? _conference;

    public TurnContext(Activity activity, Conference? conference, ConferenceRole roles, Language language, TurnReplies replies, CancellationToken cancellationToken)
        : this(activity, conference, roles, language, replies, cancellationToken, null)
    {
    }

    private TurnContext(Activity activity, Conference? conference, ConferenceRole roles, Language language, TurnReplies replies, CancellationToken cancellationToken, ConversationReference? privateChat)
    {
        Activity = activity;
        _conference = conference;
        Roles = roles;
        Language = language;
        _replies = replies;
        CancellationToken = cancellationToken;
        _privateChat = privateChat;
    }

    public Activity Activity { get; }

    /// <summary>
    /// The conference this activity is about. The router runs a command or card action that needs one only when there is
    /// one (<see cref="CommandDescriptor.NeedsConference"/>); anything else checks <see cref="HasConference"/> first.
    /// </summary>
    public Conference Conference => _conference ?? throw new InvalidOperationException("This turn is about no conference; the router should not have run a handler that needs one.");

    public bool HasConference => _conference is not null;

    /// <summary>The sender's roles in <see cref="Conference"/>; none when the turn has no conference.</summary>
    public ConferenceRole Roles { get; }

    /// <summary>Changes when the user switches language during this turn, so the confirmation already speaks the new one.</summary>
    public Language Language { get; set; }

    /// <summary>The sender organizes the turn's conference (not some other one).</summary>
    public bool IsOrganizer => Roles.HasFlag(ConferenceRole.Organizer);

    /// <summary>The sender as the conference services take them, the same whether the action came from chat or the workspace.</summary>
    public ConferenceActor Actor => new(UserAadObjectId, Roles, Language);

    public CancellationToken CancellationToken { get; }

    /// <summary>The user's Entra object id: the only identity the bot trusts.</summary>
    public string? UserAadObjectId => Activity.From?.AadObjectId;

    /// <summary>A stable key for the user: the object id, or the channel id when Teams sent none.</summary>
    public string UserKey => UserAadObjectId ?? Activity.From?.Id ?? "anonymous";

    public string UserName => Activity.From?.Name ?? "";

    /// <summary>Where this turn's answers go: the conversation the user wrote in, or their personal chat (see <see cref="InPrivateChat"/>).</summary>
    public string ConversationId => _privateChat?.ConversationId ?? Activity.Conversation?.Id ?? "";

    public bool IsPersonal => _privateChat is not null || (Activity.Conversation?.IsPersonal ?? true);

    /// <summary>True when the user wrote in a group chat or channel but this turn answers in their personal chat.</summary>
    public bool IsRedirectedToPrivateChat => _privateChat is not null;

    private string ServiceUrl => _privateChat?.ServiceUrl ?? Activity.ServiceUrl!;

    /// <summary>The same turn, answering in the user's personal chat: for answers that must not be read by a whole group.</summary>
    public TurnContext InPrivateChat(ConversationReference personalChat)
    {
        ArgumentNullException.ThrowIfNull(personalChat);
        return new TurnContext(Activity, _conference, Roles, Language, _replies, CancellationToken, personalChat);
    }

    /// <summary>
    /// The same turn for work that outlives its HTTP request (<see cref="TurnFollowUps"/>): the request's own token is
    /// cancelled as soon as the request is answered.
    /// </summary>
    public TurnContext WithCancellation(CancellationToken cancellationToken) =>
        new(Activity, _conference, Roles, Language, _replies, cancellationToken, _privateChat);

    public string T(string vi, string en) => Language.Pick(vi, en);

    /// <summary>
    /// Sends at once while the Teams budget allows, else queues it in the outbox (in order) and returns without an id:
    /// see <see cref="TurnReplies"/>. The HTTP request of the turn is never held open waiting for budget.
    /// </summary>
    public Task<ResourceResponse> SendAsync(Activity activity) =>
        _replies.SendAsync(_conference?.Id, ServiceUrl, ConversationId, Address(activity), CancellationToken);

    public Task<ResourceResponse> SendTextAsync(string text) => SendAsync(Activity.CreateMessage(text));

    public Task<ResourceResponse> SendCardAsync(JsonElement card, string? summary = null) => SendAsync(Activity.CreateCard(card, summary));

    public Task<ResourceResponse> UpdateAsync(string activityId, Activity activity) =>
        _replies.UpdateAsync(_conference?.Id, ServiceUrl, ConversationId, activityId, Address(activity, activityId), CancellationToken);

    /// <summary>
    /// Fills the routing fields of an outbound activity from the inbound one (the Playground shows a message only when it
    /// names its conversation). A new message in the same conversation is a reply: it carries replyToId, as the Bot
    /// Framework SDKs do, so Teams threads it under the user's message in a channel.
    /// </summary>
    private Activity Address(Activity outbound, string? withId = null)
    {
        outbound.Type ??= ActivityTypes.Message;
        outbound.Id = withId;
        outbound.ChannelId ??= Activity.ChannelId;
        outbound.ServiceUrl ??= ServiceUrl;
        if (withId is null && _privateChat is null && !string.IsNullOrEmpty(Activity.Id))
        {
            outbound.ReplyToId ??= Activity.Id;
        }

        outbound.Conversation ??= _privateChat is { } chat
            ? new ConversationAccount { Id = chat.ConversationId, ConversationType = ConversationTypes.Personal, TenantId = chat.TenantId ?? Activity.TenantId }
            : new ConversationAccount { Id = ConversationId, ConversationType = Activity.Conversation?.ConversationType, TenantId = Activity.TenantId };
        outbound.From ??= Activity.Recipient;
        outbound.Recipient ??= Activity.From;
        outbound.Locale ??= Language.Code();
        return _conference is null ? outbound : ConferenceCards.Stamp(outbound, _conference.Id);
    }
}
