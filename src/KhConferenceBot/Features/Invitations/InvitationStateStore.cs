using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Invitations;

/// <summary>Per-conference counters of the invitation feature, safe with several instances.</summary>
public interface IInvitationStateStore
{
    /// <summary>Adds one to the conference's reminder counter and returns the new value (1 on the first call).</summary>
    Task<int> NextReminderNumberAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>The last schedule change whose invitation-card updates are all queued; null before the first.</summary>
    Task<string?> GetFollowedChangeAsync(string conferenceId, CancellationToken cancellationToken);

    Task SetFollowedChangeAsync(string conferenceId, string changeId, CancellationToken cancellationToken);

    /// <summary>How many numbered reminder rounds the conference has had (0 before the first).</summary>
    Task<int> ReminderRoundsAsync(string conferenceId, CancellationToken cancellationToken);
}

public sealed class TableInvitationStateStore(TableStore tables) : IInvitationStateStore
{
    private const string Table = "invitationstate";
    private const string CounterRow = "reminder-counter";
    private const string FollowedChangeRow = "followed-change";
    private const int MaxAttempts = 20;

    public async Task<int> NextReminderNumberAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var partition = TableKeys.Encode(conferenceId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(partition, CounterRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (found.HasValue && found.Value is { } entity)
                {
                    var next = (entity.GetInt32("Value") ?? 0) + 1;
                    entity["Value"] = next;
                    await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    return next;
                }

                await table.AddEntityAsync(new TableEntity(partition, CounterRow) { ["Value"] = 1 }, cancellationToken).ConfigureAwait(false);
                return 1;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance counted at the same moment; read again and take the next number.
            }
        }

        throw new InvalidOperationException($"The reminder counter of '{conferenceId}' stayed contended for {MaxAttempts} attempts.");
    }

    public async Task<string?> GetFollowedChangeAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(conferenceId), FollowedChangeRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? found.Value?.GetString("ChangeId") : null;
    }

    public async Task SetFollowedChangeAsync(string conferenceId, string changeId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(conferenceId), FollowedChangeRow) { ["ChangeId"] = changeId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ReminderRoundsAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(conferenceId), CounterRow, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } entity ? entity.GetInt32("Value") ?? 0 : 0;
    }
}
