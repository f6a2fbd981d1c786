using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Planning;

/// <summary>
/// A plan the organizer is reviewing in chat. It belongs to the person who sent the plan and nobody else; once
/// confirmed it records the conference it became, so a second click answers with that conference instead of another.
/// </summary>
public sealed record StoredPlanDraft(string Id, string OwnerAadObjectId, PlanReview Review, DateTimeOffset CreatedAt, string? ConferenceId = null)
{
    public ETag ETag { get; init; }
}

/// <summary>Table "plandrafts": partition = the owner's object id, row = the draft id; the review as one JSON document.</summary>
public sealed class PlanDraftStore(TableStore tables)
{
    internal const string Table = "plandrafts";

    /// <summary>A table string holds 32K UTF-16 characters; a review bigger than this is not kept for chat.</summary>
    public const int MaxJsonLength = 30_000;

    /// <summary>Stores a new draft; false when it is too large to keep (the organizer then uses the API or the workspace).</summary>
    public async Task<bool> AddAsync(StoredPlanDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var json = JsonSerializer.Serialize(draft.Review, ConferenceJson.Options);
        if (json.Length > MaxJsonLength)
        {
            return false;
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        await table.AddEntityAsync(new TableEntity(TableKeys.Encode(draft.OwnerAadObjectId), draft.Id)
        {
            ["Review"] = json,
            ["CreatedAt"] = draft.CreatedAt,
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The owner's draft; null when it does not exist or belongs to someone else (the key includes the owner).</summary>
    public async Task<StoredPlanDraft?> GetAsync(string ownerAadObjectId, string draftId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(draftId) || draftId.Length > 64 || draftId.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            return null;
        }

        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(ownerAadObjectId), draftId, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue || found.Value is not { } e)
        {
            return null;
        }

        var review = JsonSerializer.Deserialize<PlanReview>(e.GetString("Review") ?? "null", ConferenceJson.Options);
        return review is null ? null : new StoredPlanDraft(draftId, ownerAadObjectId, review, e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, e.GetString("ConferenceId"))
        {
            ETag = e.ETag,
        };
    }

    /// <summary>Saves the organizer's answers or the conference it became, if nobody saved it since it was read.</summary>
    public async Task<bool> TryReplaceAsync(StoredPlanDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var json = JsonSerializer.Serialize(draft.Review, ConferenceJson.Options);
        var table = await tables.GetTableAsync(Table, cancellationToken).ConfigureAwait(false);
        try
        {
            await table.UpdateEntityAsync(new TableEntity(TableKeys.Encode(draft.OwnerAadObjectId), draft.Id)
            {
                ["Review"] = json.Length > MaxJsonLength ? throw new InvalidOperationException("The draft grew too large.") : json,
                ["CreatedAt"] = draft.CreatedAt,
                ["ConferenceId"] = draft.ConferenceId,
            }, draft.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }
}
