using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Outbox;

/// <summary>
/// The outbox on Azure Tables: one row per (Purpose, RecipientKey), partition = encoded purpose, row = encoded recipient.
/// Adding a row that exists answers 409, which is how a second "send invitations" changes nothing. State changes made
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
            var entity = ToNewEntity(message, now);
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
        int pending = 0, sending = 0, sent = 0, failed = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(purpose)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: [OutboxRow.StateColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            switch (OutboxRow.ParseState(entity.GetString(OutboxRow.StateColumn)))
            {
                case OutboxState.Pending: pending++; break;
                case OutboxState.Sending: sending++; break;
                case OutboxState.Sent: sent++; break;
                default: failed++; break;
            }
        }

        return new OutboxCounts(pending, sending, sent, failed);
    }

    public async Task<int> ResetFailedAsync(string purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var reset = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Encode(purpose)} and State eq {nameof(OutboxState.Failed)}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey", OutboxRow.StateColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var update = new TableEntity(entity.PartitionKey, entity.RowKey)
            {
                [OutboxRow.StateColumn] = nameof(OutboxState.Pending),
                ["Attempts"] = 0,
                ["NextAttemptAt"] = now,
                ["ErrorCode"] = null,
                ["ErrorMessage"] = null,
            };
            try
            {
                await table.UpdateEntityAsync(update, entity.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                reset++;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Changed or removed since the query: whoever changed it decided its fate.
            }
        }

        if (reset > 0)
        {
            signal.Wake(rescan: true);
        }

        return reset;
    }

    /// <summary>Due rows: pending and past their next attempt time, or claimed by an instance whose lease ran out.</summary>
    internal async Task<List<OutboxRow>> ScanDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var filter = TableClient.CreateQueryFilter(
            $"(State eq {nameof(OutboxState.Pending)} and NextAttemptAt le {now}) or (State eq {nameof(OutboxState.Sending)} and LeaseUntil lt {now})");
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
        foreach (var entity in chunk)
        {
            try
            {
                await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                added++;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // EntityAlreadyExists: asked before, already queued or sent. That is the idempotence.
            }
        }

        return added;
    }

    private static TableEntity ToNewEntity(OutboxMessage message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Purpose);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.RecipientKey);
        ArgumentNullException.ThrowIfNull(message.Activity);
        if (string.IsNullOrWhiteSpace(message.UserAadObjectId) && string.IsNullOrWhiteSpace(message.ConversationId))
        {
            throw new ArgumentException($"Outbox message {message.Purpose}/{message.RecipientKey} names no recipient: set UserAadObjectId or ConversationId.", nameof(message));
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(message.Activity, TeamsJson.Options);
        if (json.Length > MaxActivityBytes)
        {
            throw new ArgumentException(
                $"Outbox message {message.Purpose}/{message.RecipientKey} is {json.Length} bytes of JSON; an outbox row holds at most {MaxActivityBytes}. Teams would refuse it anyway: make the card smaller.",
                nameof(message));
        }

        return new TableEntity(TableKeys.Encode(message.Purpose), TableKeys.Encode(message.RecipientKey))
        {
            ["Purpose"] = message.Purpose,
            ["RecipientKey"] = message.RecipientKey,
            ["Activity"] = json,
            ["UserAadObjectId"] = message.UserAadObjectId,
            ["ConversationId"] = message.ConversationId,
            ["ServiceUrl"] = message.ServiceUrl,
            ["TenantId"] = message.Activity.TenantId,
            [OutboxRow.StateColumn] = nameof(OutboxState.Pending),
            ["Attempts"] = 0,
            ["NextAttemptAt"] = message.NotBefore is { } notBefore && notBefore > now ? notBefore : now,
            ["EnqueuedAt"] = now,
        };
    }
}

/// <summary>One outbox row as the sender works on it.</summary>
internal sealed class OutboxRow
{
    public const string StateColumn = "State";

    public required string PartitionKey { get; init; }

    public required string RowKey { get; init; }

    public required string Purpose { get; init; }

    public required string RecipientKey { get; init; }

    public byte[]? ActivityJson { get; init; }

    public string? UserAadObjectId { get; init; }

    public string? ConversationId { get; set; }

    public string? ServiceUrl { get; set; }

    public string? TenantId { get; set; }

    public OutboxState State { get; set; }

    public int Attempts { get; init; }

    public DateTimeOffset NextAttemptAt { get; init; }

    public DateTimeOffset EnqueuedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public string? LeaseOwner { get; set; }

    public string? ActivityId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public ETag ETag { get; set; }

    public (string, string) Key => (PartitionKey, RowKey);

    public static OutboxState ParseState(string? value) => Enum.TryParse<OutboxState>(value, out var state) ? state : OutboxState.Failed;

    public static OutboxRow From(TableEntity e) => new()
    {
        PartitionKey = e.PartitionKey,
        RowKey = e.RowKey,
        Purpose = e.GetString("Purpose") ?? TableKeys.Decode(e.PartitionKey),
        RecipientKey = e.GetString("RecipientKey") ?? TableKeys.Decode(e.RowKey),
        ActivityJson = e.GetBinary("Activity"),
        UserAadObjectId = e.GetString("UserAadObjectId"),
        ConversationId = e.GetString("ConversationId"),
        ServiceUrl = e.GetString("ServiceUrl"),
        TenantId = e.GetString("TenantId"),
        State = ParseState(e.GetString(StateColumn)),
        Attempts = e.GetInt32("Attempts") ?? 0,
        NextAttemptAt = e.GetDateTimeOffset("NextAttemptAt") ?? DateTimeOffset.MinValue,
        EnqueuedAt = e.GetDateTimeOffset("EnqueuedAt") ?? DateTimeOffset.MinValue,
        SentAt = e.GetDateTimeOffset("SentAt"),
        LeaseUntil = e.GetDateTimeOffset("LeaseUntil"),
        LeaseOwner = e.GetString("LeaseOwner"),
        ActivityId = e.GetString("ActivityId"),
        ErrorCode = e.GetString("ErrorCode"),
        ErrorMessage = e.GetString("ErrorMessage"),
        ETag = e.ETag,
    };

    public OutboxEntry ToEntry() => new(Purpose, RecipientKey, State, Attempts, ConversationId, ServiceUrl, ActivityId, ErrorCode, ErrorMessage, EnqueuedAt, SentAt);
}
