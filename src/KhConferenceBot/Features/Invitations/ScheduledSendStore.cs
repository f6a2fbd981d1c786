using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Invitations;

public enum ScheduledSendState
{
    /// <summary>Waiting for its time; may still be cancelled.</summary>
    Scheduled,

    /// <summary>Taken by one instance, which is putting the invitations in the outbox (until <see cref="ScheduledSend.LeaseUntil"/>).</summary>
    Started,

    Done,
    Cancelled,

    /// <summary>Its time came while the conference no longer allowed sending; <see cref="ScheduledSend.Note"/> says why.</summary>
    Refused,
}

/// <summary>An organizer's "send the invitations at this time", to everyone (<see cref="GroupId"/> null) or to one group.</summary>
public sealed record ScheduledSend(
    string Id,
    string ConferenceId,
    string? GroupId,
    DateTimeOffset SendAt,
    ScheduledSendState State,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LeaseUntil = null,
    int? Enqueued = null,
    string? Note = null)
{
    public ETag ETag { get; init; }
}

public interface IScheduledSendStore
{
    Task AddAsync(ScheduledSend send, CancellationToken cancellationToken);

    Task<ScheduledSend?> GetAsync(string conferenceId, string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<ScheduledSend>> ListAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>Writes the new state if the row is still as read (its ETag); false when someone changed it first.</summary>
    Task<bool> TryUpdateAsync(ScheduledSend send, CancellationToken cancellationToken);
}

/// <summary>Table "scheduledsends": partition = conference id, row = the send's id. Survives restarts; instances share it.</summary>
public sealed class TableScheduledSendStore(TableStore tables) : IScheduledSendStore
{
    internal const string Table = "scheduledsends";

    public async Task AddAsync(ScheduledSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(ToEntity(send), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ScheduledSend?> GetAsync(string conferenceId, string id, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(conferenceId), TableKeys.Encode(id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is not null ? FromEntity(found.Value) : null;
    }

    public async Task<IReadOnlyList<ScheduledSend>> ListAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var pk = TableKeys.Encode(conferenceId);
        var list = new List<ScheduledSend>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(FromEntity(e));
        }

        return [.. list.OrderBy(s => s.SendAt)];
    }

    public async Task<bool> TryUpdateAsync(ScheduledSend send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(ToEntity(send), send.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(ScheduledSend s) => new(TableKeys.Encode(s.ConferenceId), TableKeys.Encode(s.Id))
    {
        ["ConferenceId"] = s.ConferenceId,
        ["GroupId"] = s.GroupId,
        ["SendAt"] = s.SendAt,
        ["State"] = s.State.ToString(),
        ["CreatedBy"] = s.CreatedBy,
        ["CreatedAt"] = s.CreatedAt,
        ["LeaseUntil"] = s.LeaseUntil,
        ["Enqueued"] = s.Enqueued,
        ["Note"] = s.Note,
    };

    private static ScheduledSend FromEntity(TableEntity e) => new(
        TableKeys.Decode(e.RowKey),
        e.GetString("ConferenceId") ?? TableKeys.Decode(e.PartitionKey),
        e.GetString("GroupId"),
        e.GetDateTimeOffset("SendAt") ?? DateTimeOffset.MinValue,
        Enum.TryParse<ScheduledSendState>(e.GetString("State"), out var state) ? state : ScheduledSendState.Scheduled,
        e.GetString("CreatedBy"),
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        e.GetDateTimeOffset("LeaseUntil"),
        e.GetInt32("Enqueued"),
        e.GetString("Note"))
    {
        ETag = e.ETag,
    };
}

/// <summary>Erases a conference's scheduled sends (who set them), with the rest of its personal data.</summary>
internal sealed class ScheduledSendPersonalData(TableStore tables) : Conferences.IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableScheduledSendStore.Table, cancellationToken).ConfigureAwait(false);
        var erased = await TablePartitions.DeleteAsync(table, TableKeys.Encode(conferenceId), cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int> { ["scheduledSends"] = erased };
    }
}
