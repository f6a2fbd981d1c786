namespace KhConferenceBot.Conferences;

/// <summary>
/// The group chat a conference is bound to, looked up the other way round: which conference a group chat belongs to.
/// Declared here so the router can ask without knowing the feature that binds chats (Agenda implements it).
/// </summary>
public interface IGroupChatConferences
{
    /// <summary>The id of the conference the chat is bound to, or null for a chat bound to none.</summary>
    Task<string?> ConferenceOfChatAsync(string conversationId, CancellationToken cancellationToken);
}

/// <summary>
/// Whether a person is on a conference's delegate list. Declared here so the router can check a card's conference
/// against who pressed it without knowing the feature that keeps the list (Delegates implements it).
/// </summary>
public interface IConferenceDelegates
{
    Task<bool> IsDelegateAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken);
}
