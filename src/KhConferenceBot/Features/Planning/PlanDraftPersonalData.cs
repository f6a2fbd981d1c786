using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Planning;

/// <summary>
/// Erases the chat drafts that became this conference: each is kept under its author's object id and holds the plan as
/// read (the office's text, the author's answers). A draft names its conference only once confirmed, so this finds
/// them by that column across the authors' partitions; the job is rare and the table small.
/// </summary>
internal sealed class PlanDraftPersonalData(TableStore tables) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(PlanDraftStore.Table, cancellationToken).ConfigureAwait(false);
        var drafts = await TablePartitions.DeleteWhereAsync(table, TableClient.CreateQueryFilter($"ConferenceId eq {conferenceId}"), _ => true, cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int> { ["planDrafts"] = drafts };
    }
}
