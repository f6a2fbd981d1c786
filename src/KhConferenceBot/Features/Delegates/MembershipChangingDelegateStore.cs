using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// The delegate store whose lookups by account (every card button, the resolver's "is this a delegate") are kept in
/// <see cref="MembershipCache"/>, and whose writes tell that cache (on every instance) that the list changed.
/// </summary>
internal sealed class MembershipChangingDelegateStore(IDelegateStore inner, MembershipCache cache) : IDelegateStore
{
    private readonly ExpiringCache<ConferenceDelegate?> _byAccount = cache.AddKind<ConferenceDelegate?>();

    public Task<ConferenceDelegate?> GetAsync(string conferenceId, string delegateId, CancellationToken cancellationToken) =>
        inner.GetAsync(conferenceId, delegateId, cancellationToken);

    public Task<ConferenceDelegate?> FindByAadObjectIdAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken) =>
        cache.ReadThroughAsync(_byAccount, MembershipCache.Key(conferenceId, aadObjectId), () => inner.FindByAadObjectIdAsync(conferenceId, aadObjectId, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<ConferenceDelegate>> ListAsync(string conferenceId, CancellationToken cancellationToken) =>
        inner.ListAsync(conferenceId, cancellationToken);

    public Task<IReadOnlyList<ConferenceDelegate>> ListRemovedAsync(string conferenceId, CancellationToken cancellationToken) =>
        inner.ListRemovedAsync(conferenceId, cancellationToken);

    public Task UpsertAsync(string conferenceId, IReadOnlyCollection<ConferenceDelegate> delegates, CancellationToken cancellationToken) =>
        cache.ChangingAsync(() => inner.UpsertAsync(conferenceId, delegates, cancellationToken), cancellationToken);

    public Task DeleteAsync(string conferenceId, IReadOnlyCollection<string> delegateIds, CancellationToken cancellationToken) =>
        cache.ChangingAsync(() => inner.DeleteAsync(conferenceId, delegateIds, cancellationToken), cancellationToken);
}
