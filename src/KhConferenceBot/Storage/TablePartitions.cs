using Azure.Data.Tables;

namespace KhConferenceBot.Storage;

/// <summary>Deletes whole partitions, a hundred rows per transaction (the most one batch may hold).</summary>
public static class TablePartitions
{
    /// <summary>Deletes every row of <paramref name="partitionKey"/>; returns how many there were.</summary>
    public static Task<int> DeleteAsync(TableClient table, string partitionKey, CancellationToken cancellationToken) =>
        DeleteWhereAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}"), _ => true, cancellationToken);

    /// <summary>
    /// Deletes the rows <paramref name="filter"/> finds and <paramref name="keep"/> accepts (a filter on a key prefix
    /// reaches neighbours such as "abc-2" for "abc", so the caller checks each partition key exactly).
    /// </summary>
    public static async Task<int> DeleteWhereAsync(TableClient table, string filter, Func<TableEntity, bool> keep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(keep);
        var batches = new Dictionary<string, List<TableTransactionAction>>(StringComparer.Ordinal);
        var deleted = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!keep(row))
            {
                continue;
            }

            if (!batches.TryGetValue(row.PartitionKey, out var batch))
            {
                batches[row.PartitionKey] = batch = [];
            }

            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, Azure.ETag.All));
            if (batch.Count == 100)
            {
                deleted += await SubmitAsync(table, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        foreach (var batch in batches.Values.Where(b => b.Count > 0))
        {
            deleted += await SubmitAsync(table, batch, cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    private static async Task<int> SubmitAsync(TableClient table, List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        return batch.Count;
    }
}
