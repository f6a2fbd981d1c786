using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Delegates;

/// <summary>Whether someone is on a conference's delegate list, for the router's check of a card's conference.</summary>
internal sealed class DelegateMembership(IDelegateStore delegates) : IConferenceDelegates
{
    public async Task<bool> IsDelegateAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken) =>
        await delegates.FindByAadObjectIdAsync(conferenceId, aadObjectId, cancellationToken).ConfigureAwait(false) is not null;
}
