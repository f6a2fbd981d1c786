using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Delegates;

/// <summary>Erases a conference's delegate list (names, positions, e-mails, Entra ids), keeping how many there were per category.</summary>
internal sealed class DelegatePersonalData(TableStore tables, IDelegateStore delegates) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var list = await delegates.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        var table = await tables.GetTableAsync(TableDelegateStore.Table, cancellationToken).ConfigureAwait(false);
        await TablePartitions.DeleteAsync(table, conferenceId, cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int>
        {
            ["delegates"] = list.Count,
            ["delegates.invited"] = list.Count(d => d.Category == DelegateCategory.Invited),
            ["delegates.summoned"] = list.Count(d => d.Category == DelegateCategory.Summoned),
        };
    }
}
