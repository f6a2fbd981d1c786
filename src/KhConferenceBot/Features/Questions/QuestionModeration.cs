using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Questions;

/// <summary>
/// The organizers' side of the question service: moderation and merging. The chat board's buttons and the workspace
/// page call these same methods; the organizer role is checked here, whatever the surface showed.
/// </summary>
public sealed partial class QuestionService
{
    /// <summary>The most questions one board read shows; "show more" grows a read up to this.</summary>
    public const int MaxBoardTake = 500;

    /// <summary>
    /// The organizers' board: counts, and the first <paramref name="take"/> questions of <paramref name="query"/>.
    /// Null for anyone but an organizer: the board names every author, even those anonymous to the delegates.
    /// </summary>
    public async Task<QuestionBoardPage?> BoardAsync(Conference conference, ConferenceActor actor, QuestionQuery query, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsOrganizer
            ? await store.ReadBoardAsync(conference.Id, query, Math.Clamp(take, 1, MaxBoardTake), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Approve, hide or mark answered. Organizers only.</summary>
    public async Task<QuestionOutcome> ModerateAsync(Conference conference, ConferenceActor actor, string? id, QuestionState target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOrganizer)
        {
            return QuestionOutcome.Fail(OrganizersOnly(actor.Language));
        }

        if (target is not (QuestionState.Approved or QuestionState.Hidden or QuestionState.Answered))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "Moderation approves, hides or marks answered.");
        }

        if (Question.ParseId(id) is not { } number)
        {
            return QuestionOutcome.Fail(NotFound(actor.Language));
        }

        string? error = null;
        var now = Now;
        var updated = await store.UpdateAsync(conference.Id, number, q =>
        {
            if (q.State is QuestionState.Withdrawn or QuestionState.Merged)
            {
                error = q.State == QuestionState.Merged
                    ? actor.T($"Câu hỏi {q.Label} đã được gộp vào #{q.MergedInto}.", $"Question {q.Label} was merged into #{q.MergedInto}.")
                    : actor.T($"Câu hỏi {q.Label} đã được người hỏi rút lại.", $"Question {q.Label} was withdrawn by its author.");
                return null;
            }

            return q.State == target ? null : q with
            {
                State = target,
                UpdatedAt = now,
                AnsweredAt = target == QuestionState.Answered ? now : q.AnsweredAt,
            };
        }, cancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            return QuestionOutcome.Fail(NotFound(actor.Language));
        }

        LogModerated(logger, number, target);
        return error is null ? QuestionOutcome.Ok(updated) : QuestionOutcome.Fail(error);
    }

    /// <summary>
    /// Folds <paramref name="sourceId"/> into <paramref name="targetId"/>: the source is marked merged first (so it
    /// takes no more votes), then its authors join the target, then its votes move (one per person).
    /// </summary>
    public async Task<QuestionOutcome> MergeAsync(Conference conference, ConferenceActor actor, string? sourceId, string? targetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOrganizer)
        {
            return QuestionOutcome.Fail(OrganizersOnly(actor.Language));
        }

        if (Question.ParseId(sourceId) is not { } source || Question.ParseId(targetId) is not { } target)
        {
            return QuestionOutcome.Fail(actor.T("Vui lòng chọn câu hỏi để gộp vào.", "Please choose the question to merge into."));
        }

        if (source == target)
        {
            return QuestionOutcome.Fail(actor.T("Không thể gộp một câu hỏi vào chính nó.", "A question cannot be merged into itself."));
        }

        var conferenceId = conference.Id;
        var targetQuestion = await store.GetAsync(conferenceId, target, cancellationToken).ConfigureAwait(false);
        if (targetQuestion is null || targetQuestion.State is QuestionState.Merged or QuestionState.Withdrawn)
        {
            return QuestionOutcome.Fail(actor.T($"Không thể gộp vào câu hỏi #{target}: câu hỏi không tồn tại, đã gộp hoặc đã rút lại.",
                $"Cannot merge into #{target}: it does not exist, was merged or was withdrawn."));
        }

        string? error = null;
        var now = Now;
        var merged = await store.UpdateAsync(conferenceId, source, q =>
        {
            if (q.State is QuestionState.Merged or QuestionState.Withdrawn)
            {
                error = actor.T($"Câu hỏi {q.Label} đã được gộp hoặc đã rút lại.", $"Question {q.Label} was already merged or withdrawn.");
                return null;
            }

            return q with { State = QuestionState.Merged, MergedInto = target, UpdatedAt = now };
        }, cancellationToken).ConfigureAwait(false);
        if (merged is null)
        {
            return QuestionOutcome.Fail(NotFound(actor.Language));
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
        }, cancellationToken).ConfigureAwait(false);
        await store.MoveVotesAsync(conferenceId, source, target, cancellationToken).ConfigureAwait(false);
        LogMerged(logger, source, target);
        var final = await store.GetAsync(conferenceId, target, cancellationToken).ConfigureAwait(false);
        return QuestionOutcome.Ok(final ?? updatedTarget ?? targetQuestion);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question {Number} set to {State}")]
    private static partial void LogModerated(ILogger logger, int number, QuestionState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Question {Source} merged into {Target}")]
    private static partial void LogMerged(ILogger logger, int source, int target);
}
