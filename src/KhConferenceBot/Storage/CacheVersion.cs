using Azure;
using Azure.Data.Tables;

namespace KhConferenceBot.Storage;

/// <summary>
/// A row whose ETag changes on every write of the data a cache holds, so several instances can keep answers without
/// expiring them: each instance reads the row at most once per <see cref="CheckInterval"/> and forgets its answers
/// (<c>onChanged</c>) when the ETag moved. A change made through this instance is forgotten locally at once by the
/// caller; one made through another instance is seen within the interval. The cost is one read per interval per
/// instance, not one per turn.
/// </summary>
public sealed class CacheVersion(TableStore tables, TimeProvider time, string rowKey, Action onChanged)
{
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>One table for every cache's version row, apart from the data, whose keys may come from untrusted ids.</summary>
    internal const string Table = "cacheversions";

    private const string Partition = "version";

    private readonly Lock _gate = new();
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private ETag? _version;
    private int _checking;

    /// <summary>Reads the version row when the interval has passed; other turns meanwhile go on with what is cached.</summary>
    public async Task CheckIfDueAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (time.GetUtcNow() < _nextCheck)
            {
                return;
            }
        }

        if (Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            var client = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
            NullableResponse<TableEntity> row = await client.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
            ETag? version = row.HasValue && row.Value is not null ? row.Value.ETag : null;
            lock (_gate)
            {
                if (version != _version)
                {
                    onChanged();
                    _version = version;
                }

                _nextCheck = time.GetUtcNow() + CheckInterval;
            }
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    /// <summary>
    /// Tells every instance the data changed. The new ETag is not adopted here: this instance's next check forgets its
    /// answers once more, which also drops any read that raced the write and was cached just before it landed.
    /// </summary>
    public async Task BumpAsync(CancellationToken cancellationToken)
    {
        var client = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await client.UpsertEntityAsync(new TableEntity(Partition, rowKey), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
