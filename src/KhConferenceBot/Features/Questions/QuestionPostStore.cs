using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Questions;

/// <summary>Where the questions card was posted in the group chat, so votes can update it in place.</summary>
public sealed record QuestionPost(string ServiceUrl, string ConversationId, string? ConversationType, string? TenantId, string? BotId, string? ActivityId, DateTimeOffset PostedAt);

/// <summary>Where the questions feature posts in the group chat, and its one-time jobs (claimed by one instance).</summary>
public interface IQuestionPostStore
{
    Task<QuestionPost?> GetPostAsync(string conferenceId, string kind, CancellationToken cancellationToken);

    Task SavePostAsync(string conferenceId, string kind, QuestionPost post, CancellationToken cancellationToken);

    /// <summary>
    /// Claims a one-time job (the automatic post) for this instance: true for exactly one caller. A claim older than
    /// <paramref name="staleAfter"/> that was never completed is taken over, conditionally on its ETag.
    /// </summary>
    Task<bool> TryClaimAsync(string conferenceId, string job, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken);

    Task CompleteClaimAsync(string conferenceId, string job, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// Rows "post-*" and "job-*" in the conference's partition of the questions table, beside its questions (whose reads
/// and erasure take only the "q-*" rows).
/// </summary>
public sealed class TableQuestionPostStore(TableStore tables) : IQuestionPostStore
{
    private const string PostPrefix = "post-";
    private const string JobPrefix = "job-";

    public async Task<QuestionPost?> GetPostAsync(string conferenceId, string kind, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(conferenceId, PostPrefix + kind, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!found.HasValue)
        {
            return null;
        }

        var e = found.Value!;
        return new QuestionPost(e.GetString("ServiceUrl") ?? "", e.GetString("ConversationId") ?? "", e.GetString("ConversationType"), e.GetString("TenantId"),
            e.GetString("BotId"), e.GetString("ActivityId"), e.GetDateTimeOffset("PostedAt") ?? DateTimeOffset.MinValue);
    }

    public async Task SavePostAsync(string conferenceId, string kind, QuestionPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(conferenceId, PostPrefix + kind)
        {
            ["ServiceUrl"] = post.ServiceUrl,
            ["ConversationId"] = post.ConversationId,
            ["ConversationType"] = post.ConversationType,
            ["TenantId"] = post.TenantId,
            ["BotId"] = post.BotId,
            ["ActivityId"] = post.ActivityId,
            ["PostedAt"] = post.PostedAt,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> TryClaimAsync(string conferenceId, string job, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var row = JobPrefix + job;
        var found = await table.GetEntityIfExistsAsync<TableEntity>(conferenceId, row, cancellationToken: cancellationToken).ConfigureAwait(false);
        var claim = new TableEntity(conferenceId, row) { ["State"] = "claimed", ["ClaimedAt"] = now };
        try
        {
            if (!found.HasValue)
            {
                await table.AddEntityAsync(claim, cancellationToken).ConfigureAwait(false);
                return true;
            }

            var existing = found.Value!;
            if (existing.GetString("State") == "done" || now - (existing.GetDateTimeOffset("ClaimedAt") ?? now) < staleAfter)
            {
                return false;
            }

            await table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    public async Task CompleteClaimAsync(string conferenceId, string job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(conferenceId, JobPrefix + job) { ["State"] = "done", ["DoneAt"] = now };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetTableAsync(TableQuestionStore.Table, cancellationToken);
}
