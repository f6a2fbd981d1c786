using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Conferences;

/// <summary>A conference as stored, with the ETag that guards concurrent edits (schedule changes).</summary>
public sealed record StoredConference(Conference Conference, ETag ETag);

public interface IConferenceStore
{
    Task<StoredConference?> GetAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>Every conference of the deployment (a handful a year: one partition, read whole).</summary>
    Task<IReadOnlyList<Conference>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Adds a new conference; false when one with its id exists already (nothing is overwritten).</summary>
    Task<bool> TryAddAsync(Conference conference, CancellationToken cancellationToken);

    /// <summary>Writes the conference if the stored one still has <paramref name="etag"/>; false when someone changed it first.</summary>
    Task<bool> TryReplaceAsync(Conference conference, ETag etag, CancellationToken cancellationToken);

    Task UpsertAsync(Conference conference, CancellationToken cancellationToken);
}

/// <summary>
/// The whole conference as one JSON document in one entity: it is small (a few KB) and is edited as a whole,
/// so one ETag makes every schedule change atomic.
/// </summary>
public sealed class TableConferenceStore(TableStore tables) : IConferenceStore
{
    private const string Table = "conferences";
    private const string Partition = "conference";

    public async Task<StoredConference?> GetAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, conferenceId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is null)
        {
            return null;
        }

        return new StoredConference(Read(found.Value), found.Value.ETag);
    }

    public async Task<IReadOnlyList<Conference>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var list = new List<Conference>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(entity));
        }

        return list;
    }

    public async Task<bool> TryAddAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity(conference), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<bool> TryReplaceAsync(Conference conference, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(ToEntity(conference), etag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task UpsertAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity(conference), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static Conference Read(TableEntity entity) =>
        JsonSerializer.Deserialize<Conference>(entity.GetString("Json") ?? "null", ConferenceJson.Options)
        ?? throw new InvalidOperationException($"Conference {entity.RowKey} is stored empty.");

    private static TableEntity ToEntity(Conference conference) => new(Partition, conference.Id)
    {
        ["Json"] = JsonSerializer.Serialize(conference, ConferenceJson.Options),
    };
}

public static class ConferenceJson
{
    public static JsonSerializerOptions Options { get; } = new(TeamsJson.Options)
    {
        WriteIndented = false,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
