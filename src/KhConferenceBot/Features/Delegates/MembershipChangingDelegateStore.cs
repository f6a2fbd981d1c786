using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Delegates;

/// <summary>The delegate store whose writes tell <see cref="MembershipCache"/> (on every instance) that the list changed.</summary>
internal sealed class MembershipChangingDelegateStore(IDelegateStore inner, MembershipCache cache) : IDelegateStore
{
    public Task<ConferenceDelegate?> GetAsync(string conferenceId, string delegateId, CancellationToken cancellationToken) =>
        inner.GetAsync(conferenceId, delegateId, cancellationToken);

    public Task<ConferenceDelegate?> FindByAadObjectIdAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken) =>
        inner.FindByAadObjectIdAsync(conferenceId, aadObjectId, cancellationToken);

    public Task<IReadOnlyList<ConferenceDelegate>> ListAsync(string conferenceId, CancellationToken cancellationToken) =>
        inner.ListAsync(conferenceId, cancellationToken);

    public Task<IReadOnlyList<ConferenceDelegate>> ListRemovedAsync(string conferenceId, CancellationToken cancellationToken) =>
        inner.ListRemovedAsync(conferenceId, cancellationToken);

    public Task UpsertAsync(string conferenceId, IReadOnlyCollection<ConferenceDelegate> delegates, CancellationToken cancellationToken) =>
        cache.ChangingAsync(() => inner.UpsertAsync(conferenceId, delegates, cancellationToken), cancellationToken);

    public Task DeleteAsync(string conferenceId, IReadOnlyCollection<string> delegateIds, CancellationToken cancellationToken) =>
        cache.ChangingAsync(() => inner.DeleteAsync(conferenceId, delegateIds, cancellationToken), cancellationToken);
}
