using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using KhConferenceBot.Common;
using KhConferenceBot.Storage;

namespace KhConferenceBot.Features.Questions;

public sealed record QuestionVote(int Number, string VoterAadObjectId, string? VoterMri, DateTimeOffset VotedAt);

public sealed record VoteToggle(bool Voted, int Count);

public interface IQuestionStore
{
    /// <summary>Stores a new question under the next number; <paramref name="create"/> gets that number.</summary>
    Task<Question> AddAsync(string conferenceId, Func<int, Question> create, CancellationToken cancellationToken);

    Task<Question?> GetAsync(string conferenceId, int number, CancellationToken cancellationToken);

    Task<IReadOnlyList<Question>> ListAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>
    /// The organizers' board: counts per state and topic, and the first <paramref name="take"/> questions matching
    /// <paramref name="query"/> in its order. Storage is read a page at a time over four columns; only the questions
    /// shown are read whole, so what is held follows what is shown, not how many questions there are.
    /// </summary>
    Task<QuestionBoardPage> ReadBoardAsync(string conferenceId, QuestionQuery query, int take, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the current row and writes it only if nobody changed it meanwhile (ETag),
    /// re-reading and re-applying on conflict. <paramref name="change"/> returns null to leave the row as it is.
    /// Returns the stored question after the change (or unchanged), null when there is no such question.
    /// </summary>
    Task<Question?> UpdateAsync(string conferenceId, int number, Func<Question, Question?> change, CancellationToken cancellationToken);

    /// <summary>Adds the voter's vote, or removes it when there is one; returns the new state and the recounted total.</summary>
    Task<VoteToggle> ToggleVoteAsync(string conferenceId, int number, string voterAadObjectId, string? voterMri, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<QuestionVote>> ListVotesAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>Copies the votes of <paramref name="from"/> onto <paramref name="to"/> (one per person), removes them from <paramref name="from"/> and recounts both.</summary>
    Task MoveVotesAsync(string conferenceId, int from, int to, CancellationToken cancellationToken);
}

/// <summary>
/// Questions in one table. Partition = conference id: rows "q-000012" (one per question) and "counter" (the last number,
/// advanced with ETag-conditional writes so two submissions never get the same number); the group-chat posts and
/// one-time jobs share the table (<see cref="TableQuestionPostStore"/>).
/// Votes live in their own partitions "votes-&lt;conference&gt;-&lt;number&gt;", one row per voter keyed by object id:
/// two people voting at once write different rows and can never overwrite each other. The vote rows are the truth;
/// the Votes column of a question is a cache recounted from them and written with an ETag condition (retried on 412),
/// so a lost race or a crash between the two writes is repaired by the next vote instead of drifting forever.
/// </summary>
public sealed partial class TableQuestionStore(TableStore tables) : IQuestionStore
{
    internal const string Table = "questions";
    private const string CounterRow = "counter";
    internal const string QuestionPrefix = "q-";
    private const int MaxAttempts = 50;

    public async Task<Question> AddAsync(string conferenceId, Func<int, Question> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(conferenceId, CounterRow, cancellationToken: cancellationToken).ConfigureAwait(false);
            var next = (found.HasValue ? found.Value!.GetInt32("Last") ?? 0 : 0) + 1;
            try
            {
                var counter = new TableEntity(conferenceId, CounterRow) { ["Last"] = next };
                if (found.HasValue)
                {
                    await table.UpdateEntityAsync(counter, found.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.AddEntityAsync(counter, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                continue;
            }

            // The number is ours now; a failure below leaves a gap in the numbering, never a duplicate.
            var question = create(next) with { Number = next };
            await table.AddEntityAsync(ToEntity(conferenceId, question), cancellationToken).ConfigureAwait(false);
            return question;
        }

        throw new InvalidOperationException("Could not allocate a question number: too many concurrent submissions.");
    }

    public async Task<Question?> GetAsync(string conferenceId, int number, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(conferenceId, QuestionPrefix + Question.FormatId(number), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<IReadOnlyList<Question>> ListAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
                var list = new List<Question>();
        await foreach (var entity in table.QueryAsync<TableEntity>(QuestionRows(conferenceId), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            list.Add(FromEntity(entity));
        }

        return list;
    }

    public async Task<Question?> UpdateAsync(string conferenceId, int number, Func<Question, Question?> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var row = QuestionPrefix + Question.FormatId(number);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(conferenceId, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!found.HasValue)
            {
                return null;
            }

            var current = FromEntity(found.Value!);
            var changed = change(current);
            if (changed is null)
            {
                return current;
            }

            try
            {
                await table.UpdateEntityAsync(ToEntity(conferenceId, changed with { Number = number }), found.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return changed;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Someone else changed it (a vote recount, a moderator): apply the change again to what they wrote.
            }
        }

        throw new InvalidOperationException($"Question {number} is changing too fast to update.");
    }

    public async Task<VoteToggle> ToggleVoteAsync(string conferenceId, int number, string voterAadObjectId, string? voterMri, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(voterAadObjectId);
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var partition = VotePartition(conferenceId, number);
        var row = TableKeys.Encode(voterAadObjectId);
        bool voted;
        for (var attempt = 0; ; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (existing.HasValue)
                {
                    await table.DeleteEntityAsync(partition, row, existing.Value!.ETag, cancellationToken).ConfigureAwait(false);
                    voted = false;
                }
                else
                {
                    await table.AddEntityAsync(VoteEntity(partition, row, voterAadObjectId, voterMri, now), cancellationToken).ConfigureAwait(false);
                    voted = true;
                }

                break;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // The same person's other click got there first; decide again from what is stored now.
            }
        }

        var count = await RecountAsync(table, conferenceId, number, cancellationToken).ConfigureAwait(false);
        return new VoteToggle(voted, count);
    }

    public async Task<IReadOnlyList<QuestionVote>> ListVotesAsync(string conferenceId, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var prefix = "votes-" + conferenceId + "-";
        var end = "votes-" + conferenceId + ".";
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {end}");
        var votes = new List<QuestionVote>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (Question.ParseId(entity.PartitionKey[prefix.Length..]) is { } number)
            {
                votes.Add(new QuestionVote(number, entity.GetString("Voter") ?? TableKeys.Decode(entity.RowKey), entity.GetString("VoterMri"), entity.GetDateTimeOffset("VotedAt") ?? DateTimeOffset.MinValue));
            }
        }

        return votes;
    }

    public async Task MoveVotesAsync(string conferenceId, int from, int to, CancellationToken cancellationToken)
    {
        var table = await TableAsync(cancellationToken).ConfigureAwait(false);
        var source = VotePartition(conferenceId, from);
        var target = VotePartition(conferenceId, to);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {source}");
        var moving = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            moving.Add(entity);
        }

        foreach (var vote in moving)
        {
            try
            {
                // Insert, never overwrite: someone who voted for both keeps one vote, dated by their first click.
                var copy = new TableEntity(vote) { PartitionKey = target, ETag = default };
                await table.AddEntityAsync(copy, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }

            try
            {
                await table.DeleteEntityAsync(source, vote.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }

        await RecountAsync(table, conferenceId, to, cancellationToken).ConfigureAwait(false);
        await RecountAsync(table, conferenceId, from, cancellationToken).ConfigureAwait(false);
    }

    private Task<TableClient> TableAsync(CancellationToken cancellationToken) => tables.GetTableAsync(Table, cancellationToken);

    /// <summary>Every question row of the conference, and nothing else of its partition (counter, posts, jobs).</summary>
    internal static string QuestionRows(string conferenceId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {conferenceId} and RowKey ge {QuestionPrefix} and RowKey lt {"q."}");

    internal static string VotePartition(string conferenceId, int number) => "votes-" + conferenceId + "-" + Question.FormatId(number);

    private static TableEntity VoteEntity(string partition, string row, string voter, string? mri, DateTimeOffset now) => new(partition, row)
    {
        ["Voter"] = voter,
        ["VoterMri"] = mri,
        ["VotedAt"] = now,
    };

    /// <summary>
    /// Reads the question (and its ETag), counts the vote rows, writes the count only if the question did not change
    /// meanwhile. Every voter recounts after its own vote row is written, so the last successful write always
    /// includes every vote written before it.
    /// </summary>
    private static async Task<int> RecountAsync(TableClient table, string conferenceId, int number, CancellationToken cancellationToken)
    {
        var row = QuestionPrefix + Question.FormatId(number);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(conferenceId, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            var count = 0;
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {VotePartition(conferenceId, number)}");
            await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                count++;
            }

            if (!found.HasValue)
            {
                return count;
            }

            if (found.Value!.GetInt32("Votes") == count)
            {
                return count;
            }

            try
            {
                var patch = new TableEntity(conferenceId, row) { ["Votes"] = count };
                await table.UpdateEntityAsync(patch, found.Value.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return count;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
            }
        }

        throw new InvalidOperationException($"Votes of question {number} are changing too fast to count.");
    }

    private static TableEntity ToEntity(string conferenceId, Question q) => new(conferenceId, QuestionPrefix + q.Id)
    {
        ["Number"] = q.Number,
        ["Topic"] = q.Topic.Code(),
        ["Text"] = q.Text,
        ["AuthorAadObjectId"] = q.Author.AadObjectId,
        ["AuthorName"] = q.Author.Name,
        ["AuthorUnit"] = q.Author.Unit,
        ["ShowName"] = q.Author.ShowName,
        ["CoAuthors"] = q.CoAuthors.Count == 0 ? null : JsonSerializer.Serialize(q.CoAuthors),
        ["State"] = q.State.ToString(),
        ["MergedInto"] = q.MergedInto,
        ["Votes"] = q.Votes,
        ["CreatedAt"] = q.CreatedAt,
        ["UpdatedAt"] = q.UpdatedAt,
        ["AnsweredAt"] = q.AnsweredAt,
    };

    private static Question FromEntity(TableEntity e) => new()
    {
        Number = ReadNumber(e),
        Topic = ReadTopic(e),
        Text = e.GetString("Text") ?? "",
        Author = new QuestionAuthor(e.GetString("AuthorAadObjectId") ?? "", e.GetString("AuthorName") ?? "", e.GetString("AuthorUnit"), e.GetBoolean("ShowName") ?? false),
        CoAuthors = e.GetString("CoAuthors") is { Length: > 0 } json ? JsonSerializer.Deserialize<List<QuestionAuthor>>(json) ?? [] : [],
        State = ReadState(e),
        MergedInto = e.GetInt32("MergedInto"),
        Votes = e.GetInt32("Votes") ?? 0,
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        AnsweredAt = e.GetDateTimeOffset("AnsweredAt"),
    };
}
