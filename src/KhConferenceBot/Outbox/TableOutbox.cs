using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Outbox;

/// <summary>
/// The outbox on Azure Tables: one row per (Purpose, RecipientKey), partition = encoded purpose, row = encoded recipient.
/// Adding a row that exists answers 409, which is how a second "send invitations" changes nothing (but a row cancelled
/// because its delegate was removed starts over: it was never sent). State changes made
/// by the sender are ETag-conditional so two bot instances never both own a row.
/// </summary>
public sealed class TableOutbox(TableStore tables, OutboxSignal signal, TimeProvider time) : IOutbox
{
    /// <summary>Binary properties hold at most 64 KiB; the margin leaves room for Azure's own accounting.</summary>
    public const int MaxActivityBytes = 60 * 1024;

    internal const string Table = "outbox";

    private const int TransactionSize = 100;

    public async Task<int> EnqueueAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var now = time.GetUtcNow();

        // Everything is checked before anything is written: a bad message must not leave half a batch behind.
        var rows = new List<TableEntity>();
        var seen = new HashSet<(string, string)>();
        foreach (var message in messages)
        {
            var entity = OutboxRow.NewEntity(message, now);
            if (seen.Add((entity.PartitionKey, entity.RowKey)))
            {
                rows.Add(entity);
            }
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var added = 0;
        foreach (var partition in rows.GroupBy(r => r.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(TransactionSize))
            {
                added += await AddChunkAsync(table, chunk, cancellationToken).ConfigureAwait(false);
            }
        }

        if (added > 0)
        {
            signal.Wake(rescan: true);
        }

        return added;
    }

    public async Task<OutboxEntry?> GetAsync(string purpose, string recipientKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentException.ThrowIfNullOrEmpty(recipientKey);
        var row = await GetRowAsync(TableKeys.Encode(purpose), TableKeys.Encode(recipientKey), cancellationToken).ConfigureAwait(false);
        return row?.ToEntry();
    }

    public async Task<IReadOnlyList<OutboxEntry>> ListAsync(string purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var list = new List<OutboxEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(purpose)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(OutboxRow.From(entity).ToEntry());
        }

        return list;
    }

    public async Task<OutboxCounts> CountsAsync(string purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        int pending = 0, sending = 0, sent = 0, failed = 0, cancelled = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(purpose)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [OutboxRow.StateColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            switch (OutboxRow.ParseState(entity.GetString(OutboxRow.StateColumn)))
            {
                case OutboxState.Pending: pending++; break;
                case OutboxState.Sending: sending++; break;
                case OutboxState.Sent: sent++; break;
                case OutboxState.Cancelled: cancelled++; break;
                default: failed++; break;
            }
        }

        return new OutboxCounts(pending, sending, sent, failed, cancelled);
    }

    public async Task<int> RetryFailedAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var now = time.GetUtcNow();

        // Checked before anything is written, as for enqueueing.
        var fresh = messages.Select(m => OutboxRow.NewEntity(m, now)).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var retried = 0;
        foreach (var entity in fresh)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
                entity.PartitionKey, entity.RowKey, select: [OutboxRow.StateColumn], cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue || found.Value is null || OutboxRow.ParseState(found.Value.GetString(OutboxRow.StateColumn)) != OutboxState.Failed)
            {
                continue;
            }

            // Replace, not merge: the failed attempt's chat, lease and error go; the row starts over.
            if (await TryReplaceAsync(table, entity, found.Value.ETag, cancellationToken).ConfigureAwait(false))
            {
                retried++;
            }
        }

        if (retried > 0)
        {
            signal.Wake(rescan: true);
        }

        return retried;
    }

    /// <summary>
    /// Due rows: pending and past their next attempt time, claimed by an instance whose lease ran out, or claimed by
    /// <paramref name="owner"/> itself (the caller skips those it is working on). The last kind exists when storage
    /// took a write but the answer was lost (a connection cut mid-request): the row is ours, though we never knew.
    /// </summary>
    internal async Task<List<OutboxRow>> ScanDueAsync(DateTimeOffset now, int max, string owner, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"(State eq {nameof(OutboxState.Pending)} and NextAttemptAt le {now}) or (State eq {nameof(OutboxState.Sending)} and (LeaseUntil lt {now} or LeaseOwner eq {owner}))");
        var rows = new List<OutboxRow>(Math.Min(max, 1000));
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            foreach (var entity in page.Values)
            {
                rows.Add(OutboxRow.From(entity));
                if (rows.Count >= max)
                {
                    return rows;
                }
            }
        }

        return rows;
    }

    /// <summary>Takes the row for this instance if nobody changed it since it was read; false when someone did.</summary>
    internal async Task<bool> TryClaimAsync(OutboxRow row, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [OutboxRow.StateColumn] = nameof(OutboxState.Sending),
            ["LeaseOwner"] = owner,
            ["LeaseUntil"] = leaseUntil,
        };
        var etag = await TryUpdateAsync(update, row.ETag, cancellationToken).ConfigureAwait(false);
        if (etag is not { } claimed)
        {
            return false;
        }

        row.ETag = claimed;
        row.State = OutboxState.Sending;
        row.LeaseOwner = owner;
        row.LeaseUntil = leaseUntil;
        return true;
    }

    /// <summary>Remembers where the recipient was reached, so a retry does not resolve them again.</summary>
    internal async Task<bool> SetTargetAsync(OutboxRow row, string conversationId, string serviceUrl, string? tenantId, CancellationToken cancellationToken)
    {
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            ["ConversationId"] = conversationId,
            ["ServiceUrl"] = serviceUrl,
            ["TenantId"] = tenantId,
        };
        var etag = await TryUpdateAsync(update, row.ETag, cancellationToken).ConfigureAwait(false);
        if (etag is not { } updated)
        {
            return false;
        }

        row.ETag = updated;
        row.ConversationId = conversationId;
        row.ServiceUrl = serviceUrl;
        row.TenantId = tenantId;
        return true;
    }

    /// <summary>
    /// Final: Teams accepted the message. Written even if the lease was lost meanwhile (another instance may be sending
    /// the same row right now; "Sent" is the truth either way and stops a third copy).
    /// </summary>
    internal async Task MarkSentAsync(OutboxRow row, string? activityId, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [OutboxRow.StateColumn] = nameof(OutboxState.Sent),
            ["Attempts"] = row.Attempts + 1,
            ["ActivityId"] = activityId,
            ["SentAt"] = sentAt,
            ["ConversationId"] = row.ConversationId,
            ["ServiceUrl"] = row.ServiceUrl,
            ["ErrorCode"] = null,
            ["ErrorMessage"] = null,
            ["LeaseOwner"] = null,
            ["LeaseUntil"] = null,
        };
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        if (await TryUpdateAsync(update, row.ETag, cancellationToken).ConfigureAwait(false) is null)
        {
            await table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Back to Pending until <paramref name="nextAttemptAt"/>; <paramref name="countAttempt"/> is false when nothing was sent.</summary>
    internal Task<bool> ReleaseAsync(OutboxRow row, DateTimeOffset nextAttemptAt, bool countAttempt, string? errorCode, string? errorMessage, CancellationToken cancellationToken)
    {
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [OutboxRow.StateColumn] = nameof(OutboxState.Pending),
            ["NextAttemptAt"] = nextAttemptAt,
            ["LeaseOwner"] = null,
            ["LeaseUntil"] = null,
        };
        if (countAttempt)
        {
            update["Attempts"] = row.Attempts + 1;
            update["ErrorCode"] = errorCode;
            update["ErrorMessage"] = errorMessage;
        }

        return UpdateOwnedAsync(update, row, cancellationToken);
    }

    internal Task<bool> MarkFailedAsync(OutboxRow row, string errorCode, string errorMessage, CancellationToken cancellationToken)
    {
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [OutboxRow.StateColumn] = nameof(OutboxState.Failed),
            ["Attempts"] = row.Attempts + 1,
            ["ErrorCode"] = errorCode,
            ["ErrorMessage"] = errorMessage,
            ["LeaseOwner"] = null,
            ["LeaseUntil"] = null,
        };
        return UpdateOwnedAsync(update, row, cancellationToken);
    }

    /// <summary>Final without sending: the recipient check refused the row (<paramref name="reasonCode"/>, e.g. "removed").</summary>
    internal Task<bool> MarkCancelledAsync(OutboxRow row, string reasonCode, string reason, CancellationToken cancellationToken)
    {
        var update = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [OutboxRow.StateColumn] = nameof(OutboxState.Cancelled),
            ["ErrorCode"] = reasonCode,
            ["ErrorMessage"] = reason,
            ["LeaseOwner"] = null,
            ["LeaseUntil"] = null,
        };
        return UpdateOwnedAsync(update, row, cancellationToken);
    }

    internal async Task<OutboxRow?> GetRowAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is not null ? OutboxRow.From(found.Value) : null;
    }

    private async Task<bool> UpdateOwnedAsync(TableEntity update, OutboxRow row, CancellationToken cancellationToken)
    {
        var etag = await TryUpdateAsync(update, row.ETag, cancellationToken).ConfigureAwait(false);
        if (etag is { } updated)
        {
            row.ETag = updated;
            return true;
        }

        return false;
    }

    private async Task<ETag?> TryUpdateAsync(TableEntity update, ETag etag, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await table.UpdateEntityAsync(update, etag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    private static async Task<int> AddChunkAsync(TableClient table, TableEntity[] chunk, CancellationToken cancellationToken)
    {
        if (chunk.Length > 1)
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken).ConfigureAwait(false);
                return chunk.Length;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Some rows were there already; the transaction wrote none. Add one by one to keep exactly the new ones.
            }
        }

        var added = 0;
        Dictionary<string, ETag>? cancelled = null;
        foreach (var entity in chunk)
        {
            try
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                added++;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // EntityAlreadyExists: asked before, already queued or sent. That is the idempotence. A cancelled row
                // was never sent (its delegate had been removed): asked again, the delegate is back, so it starts over.
                cancelled ??= await CancelledRowsAsync(table, entity.PartitionKey, cancellationToken).ConfigureAwait(false);
                if (cancelled.TryGetValue(entity.RowKey, out var etag) && await TryReplaceAsync(table, entity, etag, cancellationToken).ConfigureAwait(false))
                {
                    added++;
                }
            }
        }

        return added;
    }

    private static async Task<Dictionary<string, ETag>> CancelledRowsAsync(TableClient table, string partitionKey, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, ETag>(StringComparer.Ordinal);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and State eq {nameof(OutboxState.Cancelled)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows[entity.RowKey] = entity.ETag;
        }

        return rows;
    }

    private static async Task<bool> TryReplaceAsync(TableClient table, TableEntity entity, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Changed since it was read (another organizer's retry, a sender): whoever changed it decided its fate.
            return false;
        }
    }
}
