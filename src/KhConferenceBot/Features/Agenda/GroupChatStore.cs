using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Agenda;

/// <summary>The group chat a conference posts into: its id and the Bot Connector URL that serves it.</summary>
public sealed record GroupChatBinding(string ConferenceId, string ConversationId, string ServiceUrl, string? BoundBy, DateTimeOffset BoundAt);

public interface IGroupChatStore
{
    Task<GroupChatBinding?> GetBindingAsync(string conferenceId, CancellationToken cancellationToken);

    Task BindAsync(GroupChatBinding binding, CancellationToken cancellationToken);

    /// <summary>Remembers a group chat the bot was installed in, so organizers can be told which ones it knows.</summary>
    Task RememberInstalledAsync(string conversationId, string serviceUrl, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>
/// Table "groupchats": partition "bound" keyed by conference id, partition "chat" keyed by chat id (which conference a
/// chat belongs to, for the router), partition "installed" keyed by chat id.
/// </summary>
public sealed class TableGroupChatStore(TableStore tables) : IGroupChatStore, IGroupChatConferences
{
    private const string Table = "groupchats";

    public async Task<GroupChatBinding?> GetBindingAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>("bound", TableKeys.Encode(conferenceId), cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is null)
        {
            return null;
        }

        var e = found.Value;
        return new GroupChatBinding(conferenceId, e.GetString("ConversationId") ?? "", e.GetString("ServiceUrl") ?? "", e.GetString("BoundBy"), e.GetDateTimeOffset("BoundAt") ?? DateTimeOffset.MinValue);
    }

    public async Task<string?> ConferenceOfChatAsync(string conversationId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>("chat", TableKeys.Encode(conversationId), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is not null ? found.Value.GetString("ConferenceId") : null;
    }

    public async Task BindAsync(GroupChatBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);

        // A chat belongs to one conference: one bound to another before stops being that one's chat.
        var previous = await ConferenceOfChatAsync(binding.ConversationId, cancellationToken).ConfigureAwait(false);
        if (previous is not null && previous != binding.ConferenceId
            && await GetBindingAsync(previous, cancellationToken).ConfigureAwait(false) is { } old && old.ConversationId == binding.ConversationId)
        {
            await table.DeleteEntityAsync("bound", TableKeys.Encode(previous), ETag.All, cancellationToken).ConfigureAwait(false);
        }

        // The chat's row first: the router then already routes the chat here when the conference's row says so.
        await table.UpsertEntityAsync(new TableEntity("chat", TableKeys.Encode(binding.ConversationId))
        {
            ["ConferenceId"] = binding.ConferenceId,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity("bound", TableKeys.Encode(binding.ConferenceId))
        {
            ["ConversationId"] = binding.ConversationId,
            ["ServiceUrl"] = binding.ServiceUrl,
            ["BoundBy"] = binding.BoundBy,
            ["BoundAt"] = binding.BoundAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task RememberInstalledAsync(string conversationId, string serviceUrl, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity("installed", TableKeys.Encode(conversationId))
        {
            ["ConversationId"] = conversationId,
            ["ServiceUrl"] = serviceUrl,
            ["InstalledAt"] = at,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>An agenda card the bot posted into a group chat, and what it showed when last written.</summary>
public sealed record PostedAgendaCard(
    string ConversationId,
    string ServiceUrl,
    string ActivityId,
    string Language,
    string StateHash,
    DateTimeOffset LastUpdatedAt,
    ETag ETag);

public interface IPostedAgendaCardStore
{
    Task AddAsync(string conferenceId, PostedAgendaCard card, CancellationToken cancellationToken);

    Task<IReadOnlyList<PostedAgendaCard>> ListAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a new state as written if the row is still as read (<see cref="PostedAgendaCard.ETag"/>). The caller
    /// PUTs only after winning this, so two instances never both update one card for the same change.
    /// </summary>
    Task<bool> TryClaimUpdateAsync(string conferenceId, PostedAgendaCard card, string newHash, DateTimeOffset now, CancellationToken cancellationToken);
}

public sealed class TablePostedAgendaCardStore(TableStore tables) : IPostedAgendaCardStore
{
    private const string Table = "agendacards";

    public async Task AddAsync(string conferenceId, PostedAgendaCard card, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Encode(conferenceId), TableKeys.Encode(card.ConversationId + "|" + card.ActivityId))
        {
            ["ConversationId"] = card.ConversationId,
            ["ServiceUrl"] = card.ServiceUrl,
            ["ActivityId"] = card.ActivityId,
            ["Language"] = card.Language,
            ["StateHash"] = card.StateHash,
            ["LastUpdatedAt"] = card.LastUpdatedAt,
        }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PostedAgendaCard>> ListAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var list = new List<PostedAgendaCard>();
        var partition = TableKeys.Encode(conferenceId);
        await foreach (var e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(new PostedAgendaCard(
                e.GetString("ConversationId") ?? "",
                e.GetString("ServiceUrl") ?? "",
                e.GetString("ActivityId") ?? "",
                e.GetString("Language") ?? "vi",
                e.GetString("StateHash") ?? "",
                e.GetDateTimeOffset("LastUpdatedAt") ?? DateTimeOffset.MinValue,
                e.ETag));
        }

        return list;
    }

    public async Task<bool> TryClaimUpdateAsync(string conferenceId, PostedAgendaCard card, string newHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(card);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(TableKeys.Encode(conferenceId), TableKeys.Encode(card.ConversationId + "|" + card.ActivityId))
        {
            ["StateHash"] = newHash,
            ["LastUpdatedAt"] = now,
        };
        try
        {
            await table.UpdateEntityAsync(entity, card.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return false;
        }
    }
}
