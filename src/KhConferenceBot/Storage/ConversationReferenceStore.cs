using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Storage;

public interface IConversationReferenceStore
{
    /// <summary>Remembers where a conversation lives and, for a personal chat, which user it belongs to.</summary>
    Task RememberAsync(ConversationReference reference, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers a 1:1 chat the bot opened itself, unless the user already has one on record, and returns the chat to
    /// use. A chat the user wrote from is the truth; an opened one must never replace it (the Agents Playground, for
    /// one, answers an open by object id with a made-up chat that cannot receive messages).
    /// </summary>
    Task<ConversationReference> RememberOpenedAsync(ConversationReference reference, CancellationToken cancellationToken);

    /// <summary>The 1:1 chat with a user, by Entra object id.</summary>
    Task<ConversationReference?> FindPersonalAsync(string aadObjectId, CancellationToken cancellationToken);

    Task<ConversationReference?> FindConversationAsync(string conversationId, CancellationToken cancellationToken);
}

/// <summary>
/// Conversation references in one table: partition "conv" keyed by conversation id, partition "user" keyed by the
/// user's object id for personal chats. Unchanged references are not written again. A reference whose service URL
/// the bot may not call (<see cref="TrustedServiceUrls.MaySendTo(string)"/>) is not remembered: in local mode anyone can
/// post an activity naming any host, and remembering it would send that user's next message there.
/// </summary>
public sealed partial class TableConversationReferenceStore(TableStore tables, TrustedServiceUrls trustedServiceUrls, ILogger<TableConversationReferenceStore> logger) : IConversationReferenceStore
{
    private const string Table = "conversations";
    private readonly ConcurrentDictionary<string, ConversationReference> _lastWritten = new(StringComparer.Ordinal);

    public async Task RememberAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (!trustedServiceUrls.MaySendTo(reference.ServiceUrl))
        {
            LogRefused(logger, reference.ConversationId);
            return;
        }

        if (_lastWritten.TryGetValue(reference.ConversationId + "|" + reference.UserAadObjectId, out var last) && last == reference)
        {
            return;
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var conversation = ToEntity("conv", TableKeys.Encode(reference.ConversationId), reference);
        await table.UpsertEntityAsync(conversation, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);

        var isPersonal = string.Equals(reference.ConversationType, ConversationTypes.Personal, StringComparison.OrdinalIgnoreCase);
        if (isPersonal && !string.IsNullOrEmpty(reference.UserAadObjectId))
        {
            var user = ToEntity("user", TableKeys.Encode(reference.UserAadObjectId), reference);
            await table.UpsertEntityAsync(user, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        }

        _lastWritten[reference.ConversationId + "|" + reference.UserAadObjectId] = reference;
    }

    public async Task<ConversationReference> RememberOpenedAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentException.ThrowIfNullOrEmpty(reference.UserAadObjectId);
        if (!trustedServiceUrls.MaySendTo(reference.ServiceUrl))
        {
            LogRefused(logger, reference.ConversationId);
            return reference;
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.UpsertEntityAsync(ToEntity("conv", TableKeys.Encode(reference.ConversationId), reference), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.AddEntityAsync(ToEntity("user", TableKeys.Encode(reference.UserAadObjectId), reference), cancellationToken).ConfigureAwait(false);
            return reference;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The user wrote to the bot while the chat was being opened: keep theirs.
            return await FindPersonalAsync(reference.UserAadObjectId, cancellationToken).ConfigureAwait(false) ?? reference;
        }
    }

    public Task<ConversationReference?> FindPersonalAsync(string aadObjectId, CancellationToken cancellationToken) =>
        ReadAsync("user", TableKeys.Encode(aadObjectId), cancellationToken);

    public Task<ConversationReference?> FindConversationAsync(string conversationId, CancellationToken cancellationToken) =>
        ReadAsync("conv", TableKeys.Encode(conversationId), cancellationToken);

    private async Task<ConversationReference?> ReadAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is null)
        {
            return null;
        }

        var e = found.Value;
        return new ConversationReference(
            e.GetString("ServiceUrl") ?? "",
            e.GetString("ConversationId") ?? "",
            e.GetString("ConversationType"),
            e.GetString("TenantId"),
            e.GetString("UserId"),
            e.GetString("UserAadObjectId"),
            e.GetString("UserName"),
            e.GetString("BotId"));
    }

    private static TableEntity ToEntity(string partition, string row, ConversationReference r) => new(partition, row)
    {
        ["ServiceUrl"] = r.ServiceUrl,
        ["ConversationId"] = r.ConversationId,
        ["ConversationType"] = r.ConversationType,
        ["TenantId"] = r.TenantId,
        ["UserId"] = r.UserId,
        ["UserAadObjectId"] = r.UserAadObjectId,
        ["UserName"] = r.UserName,
        ["BotId"] = r.BotId,
    };

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Not remembering conversation {ConversationId}: its service URL is not one the bot may call")]
    private static partial void LogRefused(ILogger logger, string conversationId);
}
