using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Common;

namespace KhConferenceBot.Storage;

/// <summary>
/// Every turn asks for the sender's language; this keeps the answers (also "no preference", the common case), so a turn
/// in the steady state costs no storage call for it. Switches are rare: each one also rewrites a version row, and every
/// instance reads that row once per <see cref="VersionCheckInterval"/> and forgets all its answers when it changed. So
/// a switch made through this instance is seen at once, one made through another within the interval, and the cost is
/// one read per interval per instance, not one per turn.
/// </summary>
public sealed class CachingUserPreferenceStore(IUserPreferenceStore inner, TableStore tables, TimeProvider time) : IUserPreferenceStore
{
    public static readonly TimeSpan VersionCheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>Answers kept at once: far more than the delegates of the conferences one deployment runs.</summary>
    public const int Capacity = 50_000;

    internal const string Table = "preferences";
    private const string VersionPartition = "version";
    private const string VersionRow = "lang";

    // An answer also expires by itself, a backstop should a version write ever be lost.
    private readonly ExpiringCache<Language?> _languages = new(time, TimeSpan.FromHours(1), Capacity);
    private readonly Lock _gate = new();
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private ETag? _version;
    private int _checking;

    public async Task<Language?> GetLanguageAsync(string userKey, CancellationToken cancellationToken)
    {
        await CheckVersionIfDueAsync(cancellationToken).ConfigureAwait(false);
        if (_languages.TryGet(userKey, out var cached))
        {
            return cached;
        }

        var language = await inner.GetLanguageAsync(userKey, cancellationToken).ConfigureAwait(false);
        _languages.Set(userKey, language);
        return language;
    }

    public async Task SetLanguageAsync(string userKey, Language language, CancellationToken cancellationToken)
    {
        // Forgotten first: if the write fails, the next read asks storage rather than trusting a value of unknown fate.
        _languages.Remove(userKey);
        await inner.SetLanguageAsync(userKey, language, cancellationToken).ConfigureAwait(false);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(VersionPartition, VersionRow), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        _languages.Set(userKey, language);
    }

    /// <summary>Not cached: read only when the person is in several conferences, and their choice must hold at once.</summary>
    public Task<string?> GetConferenceAsync(string userKey, CancellationToken cancellationToken) => inner.GetConferenceAsync(userKey, cancellationToken);

    public Task SetConferenceAsync(string userKey, string conferenceId, CancellationToken cancellationToken) => inner.SetConferenceAsync(userKey, conferenceId, cancellationToken);

    private async Task CheckVersionIfDueAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (time.GetUtcNow() < _nextCheck)
            {
                return;
            }
        }

        // One turn looks; the others go on with what is cached (at most one interval old).
        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
            NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(VersionPartition, VersionRow, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
            ETag? version = row.HasValue && row.Value is not null ? row.Value.ETag : null;
            lock (_gate)
            {
                if (version != _version)
                {
                    _languages.Clear();
                    _version = version;
                }

                _nextCheck = time.GetUtcNow() + VersionCheckInterval;
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }
}
