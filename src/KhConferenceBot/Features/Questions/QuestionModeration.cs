using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.Questions;

/// <summary>The organizers' side of the question service: moderation and merging, checked here whatever the card said.</summary>
public sealed partial class QuestionService
{
    /// <summary>Approve, hide or mark answered. Organizers only; checked here again whatever the card said.</summary>
    public async Task<QuestionOutcome> ModerateAsync(TurnContext turn, string? id, QuestionState target)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.IsOrganizer)
        {
            return QuestionOutcome.Fail(OrganizersOnly(turn));
        }

        if (Question.ParseId(id) is not { } number)
        {
            return QuestionOutcome.Fail(NotFound(turn));
        }

        string? error = null;
        var now = Now;
        var updated = await store.UpdateAsync(turn.Conference.Id, number, q =>
        {
            if (q.State is QuestionState.Withdrawn or QuestionState.Merged)
            {
                error = q.State == QuestionState.Merged
                    ? turn.T($"Câu hỏi {q.Label} đã được gộp vào #{q.MergedInto}.", $"Question {q.Label} was merged into #{q.MergedInto}.")
                    : turn.T($"Câu hỏi {q.Label} đã được người hỏi rút lại.", $"Question {q.Label} was withdrawn by its author.");
                return null;
            }

            return q.State == target ? null : q with
            {
                State = target,
                UpdatedAt = now,
                AnsweredAt = target == QuestionState.Answered ? now : q.AnsweredAt,
            };
        }, turn.CancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            return QuestionOutcome.Fail(NotFound(turn));
        }

        LogModerated(logger, number, target);
        return error is null ? QuestionOutcome.Ok(updated) : QuestionOutcome.Fail(error);
    }

    /// <summary>
    /// Folds <paramref name="sourceId"/> into <paramref name="targetId"/>: the source is marked merged first (so it
    /// takes no more votes), then its authors join the target, then its votes move (one per person).
    /// </summary>
    public async Task<QuestionOutcome> MergeAsync(TurnContext turn, string? sourceId, string? targetId)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (!turn.IsOrganizer)
        {
            return QuestionOutcome.Fail(OrganizersOnly(turn));
        }

        if (Question.ParseId(sourceId) is not { } source || Question.ParseId(targetId) is not { } target)
        {
            return QuestionOutcome.Fail(turn.T("Vui lòng chọn câu hỏi để gộp vào.", "Please choose the question to merge into."));
        }

        if (source == target)
        {
            return QuestionOutcome.Fail(turn.T("Không thể gộp một câu hỏi vào chính nó.", "A question cannot be merged into itself."));
        }

        var conferenceId = turn.Conference.Id;
        var targetQuestion = await store.GetAsync(conferenceId, target, turn.CancellationToken).ConfigureAwait(false);
        if (targetQuestion is null || targetQuestion.State is QuestionState.Merged or QuestionState.Withdrawn)
        {
            return QuestionOutcome.Fail(turn.T($"Không thể gộp vào câu hỏi #{target}: câu hỏi không tồn tại, đã gộp hoặc đã rút lại.",
                $"Cannot merge into #{target}: it does not exist, was merged or was withdrawn."));
        }

        string? error = null;
        var now = Now;
        var merged = await store.UpdateAsync(conferenceId, source, q =>
        {
            if (q.State is QuestionState.Merged or QuestionState.Withdrawn)
            {
                error = turn.T($"Câu hỏi {q.Label} đã được gộp hoặc đã rút lại.", $"Question {q.Label} was already merged or withdrawn.");
                return null;
            }

            return q with { State = QuestionState.Merged, MergedInto = target, UpdatedAt = now };
        }, turn.CancellationToken).ConfigureAwait(false);
        if (merged is null)
        {
            return QuestionOutcome.Fail(NotFound(turn));
        }

        if (error is not null)
        {
            return QuestionOutcome.Fail(error);
        }

        var joining = new[] { merged.Author }.Concat(merged.CoAuthors).ToList();
        var updatedTarget = await store.UpdateAsync(conferenceId, target, q =>
        {
            var known = new HashSet<string>(q.CoAuthors.Select(a => a.AadObjectId).Append(q.Author.AadObjectId), StringComparer.OrdinalIgnoreCase);
            var added = joining.Where(a => known.Add(a.AadObjectId)).ToList();
            return added.Count == 0 ? null : q with { CoAuthors = [.. q.CoAuthors, .. added], UpdatedAt = now };
        }, turn.CancellationToken).ConfigureAwait(false);
        await store.MoveVotesAsync(conferenceId, source, target, turn.CancellationToken).ConfigureAwait(false);
        LogMerged(logger, source, target);
        var final = await store.GetAsync(conferenceId, target, turn.CancellationToken).ConfigureAwait(false);
        return QuestionOutcome.Ok(final ?? updatedTarget ?? targetQuestion);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question {Number} set to {State}")]
    private static partial void LogModerated(ILogger logger, int number, QuestionState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Question {Source} merged into {Target}")]
    private static partial void LogMerged(ILogger logger, int source, int target);
}
