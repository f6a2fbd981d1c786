using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// The headcount card of one conference's group chat: where it was posted (no activity id yet while an instance is
/// posting it), what it last showed and when, and whether the final figure at the opening has been written.
/// </summary>
public sealed record HeadcountCardState(
    string ConversationId,
    string ServiceUrl,
    string? ActivityId,
    string StateHash,
    DateTimeOffset LastWrittenAt,
    bool Final,
    ETag ETag);

/// <summary>
/// One row per conference in the check-in table ("headcard"). Every write is conditional on the row as read, so of
/// several instances exactly one posts the card and exactly one writes each update.
/// </summary>
public sealed class HeadcountCardStore(TableStore tables)
{
    private const string Table = "checkin";
    private const string Row = "headcard";

    public async Task<HeadcountCardState?> GetAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(conferenceId), Row, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value is { } e
            ? new HeadcountCardState(
                e.GetString("ConversationId") ?? "",
                e.GetString("ServiceUrl") ?? "",
                e.GetString("ActivityId"),
                e.GetString("StateHash") ?? "",
                e.GetDateTimeOffset("LastWrittenAt") ?? DateTimeOffset.MinValue,
                e.GetBoolean("Final") ?? false,
                e.ETag)
            : null;
    }

    /// <summary>
    /// Writes <paramref name="next"/> if the row is still <paramref name="read"/> (null: must not exist yet); false when
    /// another instance wrote first. The caller talks to Teams only after winning.
    /// </summary>
    public async Task<HeadcountCardState?> TryWriteAsync(string conferenceId, HeadcountCardState? read, HeadcountCardState next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(TableKeys.Encode(conferenceId), Row)
        {
            ["ConversationId"] = next.ConversationId,
            ["ServiceUrl"] = next.ServiceUrl,
            ["ActivityId"] = next.ActivityId,
            ["StateHash"] = next.StateHash,
            ["LastWrittenAt"] = next.LastWrittenAt,
            ["Final"] = next.Final,
        };
        try
        {
            var response = read is null
                ? await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false)
                : await table.UpdateEntityAsync(entity, read.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return next with { ETag = response.Headers.ETag ?? ETag.All };
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Forgets a post that failed, so the next tick posts again.</summary>
    public async Task DeleteAsync(string conferenceId, HeadcountCardState written, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(written);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(TableKeys.Encode(conferenceId), Row, written.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Already gone, or another instance has taken it over.
        }
    }
}
