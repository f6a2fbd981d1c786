using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Questions;

/// <summary>Erases the questions (their texts and authors) and every vote (voters' ids), keeping how many there were.</summary>
internal sealed class QuestionPersonalData(TableStore tables) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(TableQuestionStore.Table, cancellationToken).ConfigureAwait(false);
        var questions = await TablePartitions.DeleteWhereAsync(table,
            TableQuestionStore.QuestionRows(conferenceId),
            _ => true, cancellationToken).ConfigureAwait(false);

        // Vote partitions are "votes-{conference}-q-000012"; the prefix also reaches "votes-{conference}-2-…" of a
        // neighbour, so each partition must be exactly one of this conference's questions.
        var prefix = "votes-" + conferenceId + "-";
        var votes = await TablePartitions.DeleteWhereAsync(table,
            TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {prefix[..^1] + "."}"),
            row => row.PartitionKey.Length > prefix.Length && Question.ParseId(row.PartitionKey[prefix.Length..]) is { } number
                && row.PartitionKey == TableQuestionStore.VotePartition(conferenceId, number),
            cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int> { ["questions"] = questions, ["votes"] = votes };
    }
}
