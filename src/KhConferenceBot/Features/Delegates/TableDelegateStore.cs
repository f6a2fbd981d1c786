using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// Delegates in one table: PartitionKey = conference id, RowKey = the encoded delegate id. A conference has a few
/// hundred (at most some tens of thousands) delegates, so the object-id lookup is a filtered query on the partition
/// rather than a second index that every write would have to keep in step.
/// </summary>
public sealed class TableDelegateStore(TableStore tables) : IDelegateStore
{
    /// <summary>The most operations Azure Tables accepts in one entity transaction.</summary>
    public const int MaxBatch = 100;

    internal const string Table = "delegates";

    public async Task<ConferenceDelegate?> GetAsync(string conferenceId, string delegateId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(delegateId);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(conferenceId, TableKeys.Encode(delegateId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is not null && FromEntity(found.Value) is { RemovedAt: null } person ? person : null;
    }

    public async Task<ConferenceDelegate?> FindByAadObjectIdAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return null;
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var normalized = NormalizeObjectId(aadObjectId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {conferenceId} and AadObjectId eq {normalized}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 10, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (FromEntity(entity) is { RemovedAt: null } person)
            {
                return person;
            }
        }

        return null;
    }

    public async Task<IReadOnlyList<ConferenceDelegate>> ListAsync(string conferenceId, CancellationToken cancellationToken) =>
        [.. (await ListAllAsync(conferenceId, cancellationToken).ConfigureAwait(false)).Where(d => d.RemovedAt is null)];

    public async Task<IReadOnlyList<ConferenceDelegate>> ListRemovedAsync(string conferenceId, CancellationToken cancellationToken) =>
        [.. (await ListAllAsync(conferenceId, cancellationToken).ConfigureAwait(false)).Where(d => d.RemovedAt is not null)];

    /// <summary>The partition, removed rows included; Azure Tables cannot filter on a missing property, so the filter is ours.</summary>
    private async Task<List<ConferenceDelegate>> ListAllAsync(string conferenceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var list = new List<ConferenceDelegate>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {conferenceId}");
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(FromEntity(entity));
        }

        return list;
    }

    public async Task UpsertAsync(string conferenceId, IReadOnlyCollection<ConferenceDelegate> delegates, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        ArgumentNullException.ThrowIfNull(delegates);
        if (delegates.Count == 0)
        {
            return;
        }

        // Azure Tables rejects a transaction naming one row twice; a caller passing duplicates has a bug to see, not to hide.
        var duplicate = delegates.GroupBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Delegate '{duplicate.Key}' appears more than once.", nameof(delegates));
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in delegates.Chunk(MaxBatch))
        {
            var actions = chunk.Select(d => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(conferenceId, d))).ToList();
            await table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task DeleteAsync(string conferenceId, IReadOnlyCollection<string> delegateIds, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        ArgumentNullException.ThrowIfNull(delegateIds);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        foreach (var id in delegateIds.Distinct(StringComparer.Ordinal))
        {
            // DeleteEntity answers 204 for a row that is already gone.
            await table.DeleteEntityAsync(conferenceId, TableKeys.Encode(id), ETag.All, cancellationToken).ConfigureAwait(false);
        }
    }

    internal static string NormalizeObjectId(string aadObjectId) =>
        Guid.TryParse(aadObjectId, out var guid) ? guid.ToString("D") : aadObjectId.Trim().ToLowerInvariant();

    private static TableEntity ToEntity(string conferenceId, ConferenceDelegate d) => new(conferenceId, TableKeys.Encode(d.Id))
    {
        ["Id"] = d.Id,
        ["Name"] = d.Name,
        ["Position"] = d.Position,
        ["Organisation"] = d.Organisation,
        ["GroupId"] = d.GroupId,
        ["Category"] = d.Category.ToString(),
        ["Email"] = d.Email,
        ["AadObjectId"] = d.AadObjectId is null ? null : NormalizeObjectId(d.AadObjectId),
        ["District"] = d.District,
        ["SubstituteForId"] = d.SubstituteForId,
        ["RegisteredById"] = d.RegisteredById,
        ["Channel"] = d.Channel == DelegateChannel.Auto ? null : d.Channel.ToString(),
        ["UpdatedAt"] = d.UpdatedAt,
        ["RemovedAt"] = d.RemovedAt,
        ["RemovedBy"] = d.RemovedBy,
    };

    private static ConferenceDelegate FromEntity(TableEntity e) => new()
    {
        Id = e.GetString("Id") ?? TableKeys.Decode(e.RowKey),
        Name = e.GetString("Name") ?? "",
        Position = e.GetString("Position"),
        Organisation = e.GetString("Organisation"),
        GroupId = e.GetString("GroupId") ?? "",
        Category = Enum.TryParse<DelegateCategory>(e.GetString("Category"), ignoreCase: true, out var category) ? category : DelegateCategory.Invited,
        Email = e.GetString("Email"),
        AadObjectId = e.GetString("AadObjectId"),
        District = e.GetString("District"),
        SubstituteForId = e.GetString("SubstituteForId"),
        RegisteredById = e.GetString("RegisteredById"),
        Channel = Enum.TryParse<DelegateChannel>(e.GetString("Channel"), ignoreCase: true, out var channel) ? channel : DelegateChannel.Auto,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        RemovedAt = e.GetDateTimeOffset("RemovedAt"),
        RemovedBy = e.GetString("RemovedBy"),
    };
}
