using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// The new values of one delegate, every field (an empty one is cleared); the id stays (answers, the outbox and passes
/// are keyed by it). <c>Group</c> takes the group's id or its name as the plan writes it; <c>Channel</c> is empty
/// (automatic), "Teams" or "Email", as in the import.
/// </summary>
public sealed record DelegateChanges(
    string? Name,
    string? Position,
    string? Organisation,
    string? Group,
    string? Email,
    string? AadObjectId,
    string? District,
    string? Channel = null)
{
    public static DelegateChanges Of(ConferenceDelegate person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new(person.Name, person.Position, person.Organisation, person.GroupId, person.Email, person.AadObjectId, person.District, person.Channel.ToString());
    }
}

public enum DelegateEditStatus
{
    Saved,
    Removed,
    NotFound,

    /// <summary>The conference's state does not allow editing the list (closed, archived).</summary>
    Refused,

    /// <summary>A field breaks the import's rules; <see cref="DelegateEditResult.Problems"/> says which.</summary>
    Invalid,

    /// <summary>The e-mail or Teams account is another delegate's.</summary>
    Conflict,

    /// <summary>The delegate has answered: removing them needs the organizer to confirm.</summary>
    NeedsConfirmation,
}

/// <param name="Answer">On <see cref="DelegateEditStatus.NeedsConfirmation"/> and <see cref="DelegateEditStatus.Removed"/>: the answer on record, kept in the ledger.</param>
public sealed record DelegateEditResult(DelegateEditStatus Status, ConferenceDelegate? Delegate, IReadOnlyList<BilingualText> Problems, BilingualText? Answer = null)
{
    public string Message(Language language) => string.Join(" ", Problems.Select(p => p.Get(language)));
}

/// <summary>The answer a delegate gave, in words; Attendance implements it (Delegates sits under Attendance).</summary>
public interface IDelegateAnswers
{
    Task<BilingualText?> AnswerOfAsync(string conferenceId, string delegateId, CancellationToken cancellationToken);
}

/// <summary>
/// Edits or removes one delegate, for the workspace and the organizer API alike. An edit goes through the import's
/// rules for a row and keeps the id, so an invitation that failed is rebuilt from the corrected e-mail or Teams account
/// by «gửi lại» (InvitationService.RetryFailedAsync). A removal marks the row (<see cref="ConferenceDelegate.RemovedAt"/>)
/// rather than deleting it: the answer stays in the ledger, the page lists who was removed with that answer, and no
/// count, send or export includes them. Removing someone who answered needs a confirmation.
/// </summary>
public sealed partial class DelegateEditor(IDelegateStore store, IDelegateAnswers answers, TimeProvider time, ILogger<DelegateEditor> logger)
{
    public async Task<DelegateEditResult> UpdateAsync(Conference conference, string delegateId, DelegateChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(changes);
        if (Refusal(conference) is { } refused)
        {
            return refused;
        }

        var stored = await FindAsync(conference, delegateId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound(delegateId);
        }

        var row = new RawDelegateRow(0, new Dictionary<DelegateField, string?>
        {
            [DelegateField.Name] = changes.Name,
            [DelegateField.Position] = changes.Position,
            [DelegateField.Organisation] = changes.Organisation,
            [DelegateField.Group] = changes.Group,
            [DelegateField.Email] = changes.Email,
            [DelegateField.AadObjectId] = changes.AadObjectId,
            [DelegateField.District] = changes.District,
            [DelegateField.Channel] = changes.Channel,
        }.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value!.Trim()));
        var (read, errors) = DelegateImporter.Validate(row, new DelegateImporter.GroupResolver(conference), conference);
        if (read is null)
        {
            return new DelegateEditResult(DelegateEditStatus.Invalid, stored, [.. errors.Select(e => new BilingualText(e.Vi, e.En))]);
        }

        var others = (await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).Where(d => d.Id != stored.Id).ToList();
        var conflicts = new List<BilingualText>();
        if (read.Email is { } email && others.FirstOrDefault(d => string.Equals(d.Email, email, StringComparison.OrdinalIgnoreCase) || d.Id == email) is { } sameEmail)
        {
            conflicts.Add(new($"Email {email} đã là của đại biểu {sameEmail.Name}.", $"The e-mail {email} is already {sameEmail.Name}'s."));
        }

        if (read.AadObjectId is { } objectId && others.FirstOrDefault(d => string.Equals(d.AadObjectId, objectId, StringComparison.OrdinalIgnoreCase)) is { } sameAccount)
        {
            conflicts.Add(new($"Tài khoản Teams này đã là của đại biểu {sameAccount.Name}.", $"This Teams account is already {sameAccount.Name}'s."));
        }

        if (conflicts.Count > 0)
        {
            return new DelegateEditResult(DelegateEditStatus.Conflict, stored, conflicts);
        }

        var updated = stored with
        {
            Name = read.Name,
            Position = read.Position,
            Organisation = read.Organisation,
            GroupId = read.GroupId,
            Category = read.Category,
            Email = read.Email,
            AadObjectId = read.AadObjectId,
            District = read.District,
            Channel = read.Channel,
            UpdatedAt = time.GetUtcNow(),
        };
        if (updated with { UpdatedAt = default } != stored with { UpdatedAt = default })
        {
            await store.UpsertAsync(conference.Id, [updated], cancellationToken).ConfigureAwait(false);
            LogEdited(logger, conference.Id, stored.Id);
        }
        else
        {
            updated = stored;
        }

        return new DelegateEditResult(DelegateEditStatus.Saved, updated, []);
    }

    /// <summary>
    /// Takes the delegate off the list, with the people standing in their seat (a named substitute). Someone who answered
    /// is removed only when <paramref name="confirmed"/>; otherwise the result carries their answer for the question.
    /// </summary>
    public async Task<DelegateEditResult> RemoveAsync(Conference conference, string delegateId, bool confirmed, string? removedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        if (Refusal(conference) is { } refused)
        {
            return refused;
        }

        var stored = await FindAsync(conference, delegateId, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return NotFound(delegateId);
        }

        var answer = await answers.AnswerOfAsync(conference.Id, stored.Id, cancellationToken).ConfigureAwait(false);
        if (answer is not null && !confirmed)
        {
            return new DelegateEditResult(DelegateEditStatus.NeedsConfirmation, stored,
                [new($"{stored.Name} đã trả lời ({answer.Vi}). Xác nhận xóa khỏi danh sách? Câu trả lời vẫn được lưu nhưng không còn được tính.",
                     $"{stored.Name} has answered ({answer.En}). Confirm the removal? The answer is kept on record but no longer counted.")], answer);
        }

        var now = time.GetUtcNow();
        var seat = (await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false)).Where(d => d.SubstituteForId == stored.Id);
        var removed = new[] { stored }.Concat(seat).Select(d => d with { RemovedAt = now, RemovedBy = removedBy }).ToList();
        await store.UpsertAsync(conference.Id, removed, cancellationToken).ConfigureAwait(false);
        LogRemoved(logger, conference.Id, stored.Id, answer is not null, removed.Count - 1);
        return new DelegateEditResult(DelegateEditStatus.Removed, removed[0], [], answer);
    }

    private async Task<ConferenceDelegate?> FindAsync(Conference conference, string delegateId, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(delegateId) || delegateId.Length > 300
            ? null
            : await store.GetAsync(conference.Id, delegateId.Trim(), cancellationToken).ConfigureAwait(false);

    private static DelegateEditResult? Refusal(Conference conference) => conference.Allows(ConferenceAction.EditDelegates)
        ? null
        : new DelegateEditResult(DelegateEditStatus.Refused, null, [ConferenceLifecycle.Refusal(conference.State, ConferenceAction.EditDelegates)]);

    private static DelegateEditResult NotFound(string delegateId) => new(DelegateEditStatus.NotFound, null,
        [new($"Không có đại biểu \"{delegateId}\" trong danh sách.", $"There is no delegate \"{delegateId}\" on the list.")]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delegate {DelegateId} of {ConferenceId} edited by an organizer")]
    private static partial void LogEdited(ILogger logger, string conferenceId, string delegateId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delegate {DelegateId} of {ConferenceId} removed (had answered: {Answered}; substitutes removed with them: {Substitutes})")]
    private static partial void LogRemoved(ILogger logger, string conferenceId, string delegateId, bool answered, int substitutes);
}
