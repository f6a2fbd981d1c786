using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Agenda;

namespace KhConferenceBot.Features.Planning;

/// <summary>Who asks: the Entra object id from the authenticated activity or token, with a name and e-mail for the role list.</summary>
public sealed record Planner(string AadObjectId, string? Name, string? Email);

public enum PlanningFailure
{
    /// <summary>The form has issues (<see cref="PlanningOutcome.Issues"/>).</summary>
    Invalid,

    /// <summary>The requested id is someone else's conference.</summary>
    IdTaken,

    /// <summary>The conference changed since the caller read it.</summary>
    Changed,

    /// <summary>The conference's state does not allow it (<see cref="ConferenceLifecycle"/>).</summary>
    NotAllowed,
}

/// <summary>The conference as it now is, or why nothing was written.</summary>
public sealed record PlanningOutcome(Conference? Conference, PlanningFailure? Failure, IReadOnlyList<PlanIssue> Issues, bool AlreadyExisted = false)
{
    public static PlanningOutcome Done(Conference conference, bool alreadyExisted = false) => new(conference, null, [], alreadyExisted);

    public static PlanningOutcome Refused(PlanningFailure failure, params PlanIssue[] issues) => new(null, failure, issues);
}

/// <summary>
/// Creates, edits and copies conferences: the one place for these rules, whichever surface asks (organizer API,
/// chat, the organizers' workspace). A conference is written whole or not at all; its creator becomes its organizer.
/// </summary>
public sealed partial class ConferencePlanner(
    ConferenceDirectory directory,
    ConferenceRoles roles,
    ScheduleChangeService scheduleChanges,
    TimeProvider time,
    ILogger<ConferencePlanner> logger)
{
    private const int IdAttempts = 20;

    /// <summary>
    /// Creates a Draft conference from the form. With <paramref name="requestedId"/> the id is that or nothing (a
    /// second request with the same id by the same person answers with the conference it made, so a retry or a double
    /// click never makes two); without, one is made from the title and the year.
    /// </summary>
    public async Task<PlanningOutcome> CreateAsync(ConferenceForm form, string? requestedId, Planner planner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(planner);
        if (requestedId is not null && !ConferenceDirectory.IsWellFormedId(requestedId))
        {
            return PlanningOutcome.Refused(PlanningFailure.Invalid, new PlanIssue(PlanIssueKind.Required, "id",
                "Mã hội nghị chỉ gồm chữ thường không dấu, số và dấu gạch ngang (tối đa 63 ký tự), ví dụ “tap-huan-cchc-2026”.",
                "A conference id is lower-case letters, digits and dashes (at most 63), e.g. “tap-huan-cchc-2026”."));
        }

        if (form.Validate(Today(form.TimeZone)) is { Count: > 0 } issues)
        {
            return PlanningOutcome.Refused(PlanningFailure.Invalid, [.. issues]);
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        var baseId = requestedId ?? ProposeId(form);
        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var id = attempt == 0 ? baseId : ConferenceForm.UniqueId(baseId, used, "hoi-nghi", maxWords: 64);
            used.Add(id);
            var conference = form.ToConference(id);
            conference.State = ConferenceState.Draft;
            conference.CreatedAt = time.GetUtcNow();
            conference.CreatedBy = planner.AadObjectId;
            if (await directory.CreateAsync(conference, cancellationToken).ConfigureAwait(false))
            {
                await GrantOrganizerAsync(id, planner, cancellationToken).ConfigureAwait(false);
                LogCreated(logger, id, conference.Agenda.Count, conference.Groups.Count);
                return PlanningOutcome.Done(conference);
            }

            var existing = await directory.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (existing is not null && string.Equals(existing.CreatedBy, planner.AadObjectId, StringComparison.OrdinalIgnoreCase) && SameConference(existing, conference))
            {
                // The same person's same conference: a retry after a lost answer, or a second click.
                await GrantOrganizerAsync(id, planner, cancellationToken).ConfigureAwait(false);
                return PlanningOutcome.Done(existing, alreadyExisted: true);
            }

            if (requestedId is not null)
            {
                return PlanningOutcome.Refused(PlanningFailure.IdTaken, new PlanIssue(PlanIssueKind.Required, "id",
                    $"Mã “{id}” đã được dùng cho một hội nghị khác. Hãy chọn mã khác.", $"The id “{id}” belongs to another conference. Choose another."));
            }
        }

        throw new InvalidOperationException($"No free conference id near '{baseId}' after {IdAttempts} attempts.");
    }

    /// <summary>
    /// Replaces the conference's fields with the form, if it is still as the caller read it (<paramref name="etag"/>,
    /// when given). Once the conference is Open its invitations may be out: an edit of the day, the venue or the agenda
    /// is then a schedule change, made by <see cref="ScheduleChangeService"/> with the chat's refusals and notices.
    /// </summary>
    public async Task<PlanningOutcome> EditAsync(string conferenceId, ConferenceForm form, Azure.ETag? etag, Planner editor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(editor);
        var stored = await directory.GetStoredAsync(conferenceId, cancellationToken).ConfigureAwait(false)
            ?? throw new Api.ConferenceNotFoundException(conferenceId);
        var before = stored.Conference;
        if (!before.Allows(ConferenceAction.EditPlan))
        {
            var refusal = ConferenceLifecycle.Refusal(before.State, ConferenceAction.EditPlan);
            return PlanningOutcome.Refused(PlanningFailure.NotAllowed, new PlanIssue(PlanIssueKind.Required, "state", refusal.Vi, refusal.En));
        }

        if (etag is { } expected && expected != stored.ETag)
        {
            return Changed();
        }

        // A date already past may stay as it is; moving the conference into the past may not.
        var today = form.Date == before.Date ? (DateOnly?)null : Today(form.TimeZone);
        if (form.Validate(today) is { Count: > 0 } issues)
        {
            return PlanningOutcome.Refused(PlanningFailure.Invalid, [.. issues]);
        }

        var updated = ScheduleChanger.Clone(before);
        form.ApplyTo(updated);
        if (before.State != ConferenceState.Draft && ScheduleChangeService.ChangesTheDay(before, updated))
        {
            var change = await scheduleChanges.ApplyAsync(stored, ScheduleChange.OfPlan(form), new ActingOrganizer(editor.AadObjectId, editor.Name), cancellationToken).ConfigureAwait(false);
            LogEdited(logger, conferenceId, scheduleChange: true);
            return change.Status switch
            {
                ScheduleChangeStatus.Applied => PlanningOutcome.Done(change.Updated!),
                ScheduleChangeStatus.Conflict => Changed(),
                _ => PlanningOutcome.Refused(PlanningFailure.Invalid, new PlanIssue(PlanIssueKind.Required, "agenda", change.Preview.Refusal!.Vi, change.Preview.Refusal.En)),
            };
        }

        if (!await directory.TryReplaceAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false))
        {
            return Changed();
        }

        LogEdited(logger, conferenceId, scheduleChange: false);
        return PlanningOutcome.Done(updated);
    }

    /// <summary>A new Draft conference with the source's plan (agenda, groups, venue, chair) on another day; no delegates, no answers.</summary>
    public Task<PlanningOutcome> CopyAsync(Conference source, DateOnly date, string? title, string? requestedId, Planner planner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var form = ConferenceForm.FromConference(source);
        var copy = form with
        {
            Date = date,
            Title = string.IsNullOrWhiteSpace(title) ? form.Title : title,
            ShortName = string.IsNullOrWhiteSpace(title) ? form.ShortName : null,
            AnswerDeadline = null,
            Agenda = [.. form.Agenda.Where(a => !a.Cancelled).Select(a => a with { Id = null })],
            Groups = [.. form.Groups.Select(g => g with { Id = null })],
        };
        return CreateAsync(copy, requestedId, planner, cancellationToken);
    }

    /// <summary>Moves the conference forward in its life (draft → open → held → closed → archived): the chat's "open" button.</summary>
    public async Task<PlanningOutcome> MoveAsync(string conferenceId, ConferenceState to, CancellationToken cancellationToken)
    {
        var stored = await directory.GetStoredAsync(conferenceId, cancellationToken).ConfigureAwait(false)
            ?? throw new Api.ConferenceNotFoundException(conferenceId);
        var conference = stored.Conference;
        if (conference.State == to)
        {
            return PlanningOutcome.Done(conference, alreadyExisted: true);
        }

        if (!ConferenceLifecycle.CanMove(conference.State, to))
        {
            var from = ConferenceLifecycle.Name(conference.State);
            var target = ConferenceLifecycle.Name(to);
            return PlanningOutcome.Refused(PlanningFailure.NotAllowed, new PlanIssue(PlanIssueKind.Required, "state",
                $"Không chuyển được hội nghị từ “{from.Vi}” sang “{target.Vi}”: trạng thái chỉ đi tiếp (soạn thảo → mở → đã diễn ra → kết thúc → lưu trữ).",
                $"A conference cannot move from “{from.En}” to “{target.En}”: states only move forward (draft → open → held → closed → archived)."));
        }

        conference.MoveTo(to, time.GetUtcNow());

        if (!await directory.TryReplaceAsync(conference, stored.ETag, cancellationToken).ConfigureAwait(false))
        {
            return Changed();
        }

        LogMoved(logger, conferenceId, to);
        return PlanningOutcome.Done(conference);
    }

    /// <summary>An id from the title's words after "Hội nghị" and the conference's year: "phan-tich-danh-gia-cac-2026".</summary>
    public static string ProposeId(ConferenceForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var title = (string.IsNullOrWhiteSpace(form.ShortName) ? form.Title : form.ShortName) ?? "";
        var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var start = words.FindIndex(w => PlanLine.Fold(w) == "nghi");
        var rest = string.Join(' ', start >= 0 && start < words.Count - 1 ? words.Skip(start + 1) : words);
        var slug = ConferenceForm.UniqueId(rest, new HashSet<string>(), "hoi-nghi", maxWords: 5);
        var year = form.Date?.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return year is null || slug.EndsWith(year, StringComparison.Ordinal) ? slug : $"{slug}-{year}";
    }

    private static PlanningOutcome Changed() => PlanningOutcome.Refused(PlanningFailure.Changed, new PlanIssue(PlanIssueKind.Required, "etag",
        "Hội nghị vừa được người khác thay đổi. Hãy tải lại rồi sửa lần nữa.", "Someone else changed the conference first. Reload it and edit again."));

    private DateOnly Today(string? zoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(string.IsNullOrWhiteSpace(zoneId) ? PlanDraft.DefaultTimeZone : zoneId.Trim(), out var found)
            ? found
            : TimeZoneInfo.FindSystemTimeZoneById(PlanDraft.DefaultTimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    private async Task GrantOrganizerAsync(string conferenceId, Planner planner, CancellationToken cancellationToken) =>
        await roles.GrantAsync(conferenceId, planner.AadObjectId, ConferenceRole.Organizer, planner.Name, planner.Email, planner.AadObjectId, cancellationToken).ConfigureAwait(false);

    private static bool SameConference(Conference a, Conference b) =>
        a.Title.Vi == b.Title.Vi && a.Date == b.Date && a.Venue.Vi == b.Venue.Vi;

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId} created ({Items} agenda items, {Groups} groups)")]
    private static partial void LogCreated(ILogger logger, string conferenceId, int items, int groups);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId} edited (schedule change: {ScheduleChange})")]
    private static partial void LogEdited(ILogger logger, string conferenceId, bool scheduleChange);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conference {ConferenceId} moved to {State}")]
    private static partial void LogMoved(ILogger logger, string conferenceId, ConferenceState state);
}
