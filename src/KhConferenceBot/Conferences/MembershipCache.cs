using KhConferenceBot.Common;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Conferences;

/// <summary>
/// Who is in which conference, as the resolver asks it on every personal turn: the person's role index, their role row
/// in a conference, whether they are one of its delegates. Kept until a grant, revoke or delegate write changes it:
/// each such write forgets everything here at once and rewrites the version row "membership" (<see cref="CacheVersion"/>),
/// so another instance forgets within <see cref="CacheVersion.CheckInterval"/>. Writes are rare (an import, a grant);
/// clearing everything on one keeps the rule simple and the cache always behind the table, never ahead of it.
/// </summary>
public sealed class MembershipCache
{
    /// <summary>Answers kept per kind: the delegates of the conferences one deployment runs, with room to spare.</summary>
    public const int Capacity = 100_000;

    // Answers also expire by themselves: a backstop for writes that bypass the stores (retention's bulk erase).
    private static readonly TimeSpan Backstop = TimeSpan.FromHours(1);

    private readonly CacheVersion _version;
    private readonly TimeProvider _time;
    private readonly List<Action> _moreKinds = [];

    public MembershipCache(TableStore tables, TimeProvider time)
    {
        _time = time;
        Index = new(time, Backstop, Capacity);
        Roles = new(time, Backstop, Capacity);
        _version = new CacheVersion(tables, time, "membership", Clear);
    }

    internal ExpiringCache<IReadOnlyList<MemberConference>> Index { get; }

    internal ExpiringCache<ConferenceMember?> Roles { get; }

    /// <summary>
    /// A cache of one more kind of answer, forgotten with the rest: the delegate store keeps the delegate found for an
    /// account this way, without this class knowing the feature's types. Call once per kind (from a singleton).
    /// </summary>
    public ExpiringCache<TValue> AddKind<TValue>()
    {
        var answers = new ExpiringCache<TValue>(_time, Backstop, Capacity);
        lock (_moreKinds)
        {
            _moreKinds.Add(answers.Clear);
        }

        return answers;
    }

    public static string Key(string conferenceId, string aadObjectId) => conferenceId + "\u001f" + aadObjectId;

    /// <summary>The cached answer, or the store's, kept.</summary>
    public async Task<TValue> ReadThroughAsync<TValue>(ExpiringCache<TValue> answers, string key, Func<Task<TValue>> read, CancellationToken cancellationToken)
    {
        await _version.CheckIfDueAsync(cancellationToken).ConfigureAwait(false);
        if (answers.TryGet(key, out var value))
        {
            return value;
        }

        value = await read().ConfigureAwait(false);
        answers.Set(key, value);
        return value;
    }

    /// <summary>Runs a write of roles or delegates: forgotten before (a failed write leaves nothing trusted) and after.</summary>
    public async Task ChangingAsync(Func<Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        Clear();
        try
        {
            await write().ConfigureAwait(false);
        }
        finally
        {
            // Also after a failure: the write may have landed in part (a batch of 100 of an import).
            Clear();
            await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Clear()
    {
        Index.Clear();
        Roles.Clear();
        lock (_moreKinds)
        {
            _moreKinds.ForEach(clear => clear());
        }
    }
}

/// <summary>The role store with the reads every personal turn makes kept in <see cref="MembershipCache"/>.</summary>
public sealed class CachingConferenceRoleStore(IConferenceRoleStore inner, MembershipCache cache) : IConferenceRoleStore
{
    public Task<ConferenceMember?> GetAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken) =>
        cache.ReadThroughAsync(cache.Roles, MembershipCache.Key(conferenceId, aadObjectId), () => inner.GetAsync(conferenceId, aadObjectId, cancellationToken), cancellationToken);

    /// <summary>Not cached: the people pages list a conference's members, and they must see a grant at once.</summary>
    public Task<IReadOnlyList<ConferenceMember>> ListAsync(string conferenceId, CancellationToken cancellationToken) => inner.ListAsync(conferenceId, cancellationToken);

    public Task SetAsync(ConferenceMember member, CancellationToken cancellationToken) =>
        cache.ChangingAsync(() => inner.SetAsync(member, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<MemberConference>> ConferencesOfAsync(string aadObjectId, CancellationToken cancellationToken) =>
        cache.ReadThroughAsync(cache.Index, aadObjectId, () => inner.ConferencesOfAsync(aadObjectId, cancellationToken), cancellationToken);
}
