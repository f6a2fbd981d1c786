using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// Erases the hall's records of the conference: who came (names, positions, the staff who checked them in), passes and
/// their short codes, and whatever else the check-in partition holds. How many came stays. The whole partition goes,
/// the pass key with it: the conference is over, and a pass that can no longer be checked is what erasure means.
/// </summary>
internal sealed class CheckInPersonalData(TableStore tables, CheckInStore store) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var present = await store.ListCheckInsAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        var table = await tables.GetTableAsync(CheckInStore.Table, cancellationToken).ConfigureAwait(false);
        await TablePartitions.DeleteAsync(table, TableKeys.Encode(conferenceId), cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int>
        {
            ["checkIns"] = present.Count,
            ["checkIns.walkIn"] = present.Count(r => r.IsWalkIn),
            ["checkIns.substitute"] = present.Count(r => r.SubstituteForName is not null),
        };
    }
}
