using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Erases a conference's outbox rows (who each message went to and the cards with their names), keeping how many were
/// sent and how many failed. Purposes are per conference ("{conferenceId}/invitation"), so its rows are its partitions.
/// </summary>
internal sealed class OutboxPersonalData(TableStore tables) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableOutbox.Table, cancellationToken).ConfigureAwait(false);
        var prefix = TableKeys.Encode(conferenceId + "/");
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
        int sent = 0, failed = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", OutboxRow.StateColumn], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (OutboxPurposes.ConferenceOf(TableKeys.Decode(row.PartitionKey)) == conferenceId)
            {
                var state = OutboxRow.ParseState(row.GetString(OutboxRow.StateColumn));
                sent += state == OutboxState.Sent ? 1 : 0;
                failed += state == OutboxState.Failed ? 1 : 0;
            }
        }

        await TablePartitions.DeleteWhereAsync(table, filter,
            row => OutboxPurposes.ConferenceOf(TableKeys.Decode(row.PartitionKey)) == conferenceId, cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int> { ["messages.sent"] = sent, ["messages.failed"] = failed };
    }
}
