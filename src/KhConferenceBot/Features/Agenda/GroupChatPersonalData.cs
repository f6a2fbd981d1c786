using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Agenda;

/// <summary>Forgets the conference's group chat: the binding (who bound it) and the agenda cards posted there.</summary>
internal sealed class GroupChatPersonalData(TableStore tables) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var cards = await tables.GetTableAsync(TablePostedAgendaCardStore.Table, cancellationToken).ConfigureAwait(false);
        var posted = await TablePartitions.DeleteAsync(cards, TableKeys.Encode(conferenceId), cancellationToken).ConfigureAwait(false);
        var chats = await tables.GetTableAsync(TableGroupChatStore.Table, cancellationToken).ConfigureAwait(false);
        await chats.DeleteEntityAsync("bound", TableKeys.Encode(conferenceId), Azure.ETag.All, cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int> { ["agendaCards"] = posted };
    }
}
