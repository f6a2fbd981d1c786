using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Reminders;

public enum ReminderState
{
    Pending,
    Claimed,
    Sent,
    Skipped,
    Failed,
}

public sealed record ReminderRow(
    string Key,
    string Kind,
    DateTimeOffset DueAt,
    ReminderState State,
    DateTimeOffset? LeaseUntil,
    string? Owner,
    int Attempts,
    string? ActivityId,
    ETag ETag);

public interface IReminderStore
{
    /// <summary>The row of a planned reminder, created Pending the first time it is asked for.</summary>
    Task<ReminderRow> GetOrCreateAsync(string conferenceId, PlannedReminder reminder, CancellationToken cancellationToken);

    /// <summary>Writes a new state if the row is still as read; false when another instance changed it first.</summary>
    Task<bool> TryUpdateAsync(string conferenceId, ReminderRow row, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReminderRow>> ListAsync(string conferenceId, CancellationToken cancellationToken);

    Task AddCustomAsync(string conferenceId, CustomReminder reminder, CancellationToken cancellationToken);

    Task<IReadOnlyList<CustomReminder>> ListCustomAsync(string conferenceId, CancellationToken cancellationToken);
}

/// <summary>Table "reminders": partition = conference id for reminder rows, "custom|" + conference id for hand-made ones.</summary>
public sealed class TableReminderStore(TableStore tables) : IReminderStore
{
    internal const string Table = "reminders";

    public async Task<ReminderRow> GetOrCreateAsync(string conferenceId, PlannedReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var pk = TableKeys.Encode(conferenceId);
        var rk = TableKeys.Encode(reminder.Key);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (found.HasValue && found.Value is not null)
        {
            return Read(found.Value);
        }

        try
        {
            await table.AddEntityAsync(new TableEntity(pk, rk)
            {
                ["Key"] = reminder.Key,
                ["Kind"] = reminder.Kind,
                ["DueAt"] = reminder.DueAt,
                ["State"] = nameof(ReminderState.Pending),
                ["Attempts"] = 0,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another instance created it between our read and our add; read theirs.
        }

        var created = await table.GetEntityAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Read(created.Value);
    }

    public async Task<bool> TryUpdateAsync(string conferenceId, ReminderRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(TableKeys.Encode(conferenceId), TableKeys.Encode(row.Key))
        {
            ["Key"] = row.Key,
            ["Kind"] = row.Kind,
            ["DueAt"] = row.DueAt,
            ["State"] = row.State.ToString(),
            ["LeaseUntil"] = row.LeaseUntil,
            ["Owner"] = row.Owner,
            ["Attempts"] = row.Attempts,
            ["ActivityId"] = row.ActivityId,
        };
        try
        {
            await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<ReminderRow>> ListAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var pk = TableKeys.Encode(conferenceId);
        var rows = new List<ReminderRow>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Read(e));
        }

        return rows;
    }

    public async Task AddCustomAsync(string conferenceId, CustomReminder reminder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(new TableEntity(TableKeys.Encode("custom|" + conferenceId), TableKeys.Encode(reminder.Id))
        {
            ["At"] = reminder.At.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["Text"] = reminder.Text,
            ["CreatedBy"] = reminder.CreatedBy,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CustomReminder>> ListCustomAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var pk = TableKeys.Encode("custom|" + conferenceId);
        var list = new List<CustomReminder>();
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == pk, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Conferences.AgendaTime.TryParse(e.GetString("At")) is { } at)
            {
                list.Add(new CustomReminder(TableKeys.Decode(e.RowKey), at, e.GetString("Text") ?? "", e.GetString("CreatedBy")));
            }
        }

        return list;
    }

    private static ReminderRow Read(TableEntity e) => new(
        e.GetString("Key") ?? TableKeys.Decode(e.RowKey),
        e.GetString("Kind") ?? "",
        e.GetDateTimeOffset("DueAt") ?? DateTimeOffset.MinValue,
        Enum.TryParse<ReminderState>(e.GetString("State"), out var state) ? state : ReminderState.Pending,
        e.GetDateTimeOffset("LeaseUntil"),
        e.GetString("Owner"),
        e.GetInt32("Attempts") ?? 0,
        e.GetString("ActivityId"),
        e.ETag);
}
