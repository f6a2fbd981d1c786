using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Bot;

/// <summary>Which conference an activity is about, and the sender's roles in it.</summary>
/// <param name="Conference">Null when the activity is about none (yet).</param>
/// <param name="Choices">When the person is in several conferences and has not chosen: the ones to choose from.</param>
/// <param name="Refused">A card named a conference the person may not act in (foreign or forged): nothing may run.</param>
public sealed record TurnConference(Conference? Conference, ConferenceRole Roles, IReadOnlyList<Conference> Choices, bool Refused)
{
    public static readonly TurnConference None = new(null, ConferenceRole.None, [], false);

    public static readonly TurnConference Forbidden = new(null, ConferenceRole.None, [], true);
}

/// <summary>
/// Resolves the conference of each activity (issue 12): a card action names one in its data, trusted only once it is
/// checked against the chat (a bound group chat's conference) or the person (a delegate of it, or holding a role in it);
/// a group chat belongs to the conference it is bound to; a personal chat works on the person's one current conference
/// (invited to or organizing, not closed), or on the one they chose when they are in several.
/// </summary>
public sealed class ConferenceResolver(
    ConferenceDirectory directory,
    ConferenceRoles roles,
    IConferenceDelegates delegates,
    IGroupChatConferences groupChats,
    IUserPreferenceStore preferences)
{
    public async Task<TurnConference> ResolveAsync(Activity activity, CardAction? action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var aad = activity.From?.AadObjectId;
        var chatId = activity.Conversation?.Id;
        var isPersonal = activity.Conversation?.IsPersonal ?? true;
        var chatConference = isPersonal || string.IsNullOrEmpty(chatId)
            ? null
            : await groupChats.ConferenceOfChatAsync(chatId, cancellationToken).ConfigureAwait(false);

        if (action?.GetString(ConferenceCards.DataKey) is { } claimed)
        {
            return await CheckClaimAsync(claimed, chatConference, aad, cancellationToken).ConfigureAwait(false);
        }

        if (chatConference is not null)
        {
            var bound = await directory.GetAsync(chatConference, cancellationToken).ConfigureAwait(false);
            return bound is null ? TurnConference.None : new TurnConference(bound, await roles.GetAsync(bound.Id, aad, cancellationToken).ConfigureAwait(false), [], false);
        }

        // A personal chat, or a group chat not bound yet (where an organizer binds their own conference).
        return await PersonalAsync(aad, activity.From?.Id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The active conferences the person is in: organizing or reception (any state), invited to (once it is open).</summary>
    public async Task<IReadOnlyList<Conference>> ConferencesOfAsync(string? aadObjectId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return [];
        }

        var withRole = (await roles.ConferencesOfAsync(aadObjectId, cancellationToken).ConfigureAwait(false))
            .Select(m => m.ConferenceId).ToHashSet(StringComparer.Ordinal);
        var found = new List<Conference>();
        foreach (var conference in await directory.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            if ((withRole.Contains(conference.Id) && await roles.GetAsync(conference.Id, aadObjectId, cancellationToken).ConfigureAwait(false) != ConferenceRole.None)
                || (conference.State != ConferenceState.Draft && await delegates.IsDelegateAsync(conference.Id, aadObjectId, cancellationToken).ConfigureAwait(false)))
            {
                found.Add(conference);
            }
        }

        return found;
    }

    private async Task<TurnConference> CheckClaimAsync(string claimed, string? chatConference, string? aad, CancellationToken cancellationToken)
    {
        // In a bound group chat the chat decides; a card there naming another conference is forged or misplaced.
        if (chatConference is not null && !string.Equals(claimed, chatConference, StringComparison.Ordinal))
        {
            return TurnConference.Forbidden;
        }

        var conference = await directory.GetAsync(claimed, cancellationToken).ConfigureAwait(false);
        if (conference is null)
        {
            return TurnConference.Forbidden;
        }

        var held = await roles.GetAsync(conference.Id, aad, cancellationToken).ConfigureAwait(false);
        if (chatConference is not null || held != ConferenceRole.None
            || (aad is not null && await delegates.IsDelegateAsync(conference.Id, aad, cancellationToken).ConfigureAwait(false)))
        {
            return new TurnConference(conference, held, [], false);
        }

        return TurnConference.Forbidden;
    }

    private async Task<TurnConference> PersonalAsync(string? aad, string? channelUserId, CancellationToken cancellationToken)
    {
        var mine = await ConferencesOfAsync(aad, cancellationToken).ConfigureAwait(false);
        if (mine.Count == 0)
        {
            return TurnConference.None;
        }

        var chosenId = await preferences.GetConferenceAsync(aad ?? channelUserId ?? "", cancellationToken).ConfigureAwait(false);
        var chosen = mine.Count == 1 ? mine[0] : mine.FirstOrDefault(c => c.Id == chosenId);
        return chosen is null
            ? TurnConference.None with { Choices = mine }
            : new TurnConference(chosen, await roles.GetAsync(chosen.Id, aad, cancellationToken).ConfigureAwait(false), [], false);
    }
}
