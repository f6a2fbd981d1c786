using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Agenda;

/// <summary>Forgets the conference's group chat: the binding (who bound it), the chat's route to it and the agenda cards posted there.</summary>
internal sealed class GroupChatPersonalData(TableStore tables) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var cards = await tables.GetTableAsync(TablePostedAgendaCardStore.Table, cancellationToken).ConfigureAwait(false);
        var posted = await TablePartitions.DeleteAsync(cards, TableKeys.Encode(conferenceId), cancellationToken).ConfigureAwait(false);
        var chats = await tables.GetTableAsync(TableGroupChatStore.Table, cancellationToken).ConfigureAwait(false);
        var bound = await chats.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("bound", TableKeys.Encode(conferenceId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (bound.HasValue && bound.Value?.GetString("ConversationId") is { Length: > 0 } chat)
        {
            // The chat's own row routes it to this conference; it goes too, unless the chat was bound to another since.
            var route = await chats.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("chat", TableKeys.Encode(chat), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (route.HasValue && route.Value?.GetString("ConferenceId") == conferenceId)
            {
                await chats.DeleteEntityAsync("chat", TableKeys.Encode(chat), route.Value.ETag, cancellationToken).ConfigureAwait(false);
            }
        }

        await chats.DeleteEntityAsync("bound", TableKeys.Encode(conferenceId), Azure.ETag.All, cancellationToken).ConfigureAwait(false);
        return new Dictionary<string, int> { ["agendaCards"] = posted };
    }
}
