using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Agenda;

/// <summary>The person asking for a change, by the Entra object id from the authenticated activity, token or sign-in.</summary>
public sealed record ActingOrganizer(string AadObjectId, string? Name = null);

/// <summary>A change as it would be: the conference after it, the rows it marks and the notice, or why it is refused.</summary>
public sealed record ScheduleChangePreview(Conference? Updated, IReadOnlyList<ChangedRow> Changes, ScheduleChangeNotice? Notice, BilingualText? Refusal)
{
    public bool IsRefused => Refusal is not null;

    internal static ScheduleChangePreview Refuse(string vi, string en) => new(null, [], null, new BilingualText(vi, en));
}

public enum ScheduleChangeStatus
{
    Applied,
    Refused,

    /// <summary>Someone changed the conference since the caller read it: nothing was saved or sent.</summary>
    Conflict,
}

/// <summary>What applying did: saved under <see cref="ChangeId"/>, who was told, and what could not be done now.</summary>
public sealed record ScheduleChangeOutcome(
    ScheduleChangeStatus Status,
    ScheduleChangePreview Preview,
    string? ChangeId = null,
    bool GroupChatPosted = false,
    int DelegatesTold = 0,
    int InvitationUpdates = 0,
    IReadOnlyList<BilingualText>? Problems = null)
{
    public Conference? Updated => Preview.Updated;

    public IReadOnlyList<BilingualText> Notes => Problems ?? [];
}

/// <summary>
/// The one way a schedule changes after invitations went out, whichever surface asks (the chat's form, the form edit,
/// the workspace Agenda page): the refusals, the preview, then the save (only if the conference is still as the caller
/// read it), the notice in the group chat, the posted agenda cards, the delivered invitations and the attending
/// delegates' messages through the outbox. Outbox purposes carry the change id, so following a change twice sends nothing twice.
/// </summary>
public sealed partial class ScheduleChangeService(
    ConferenceDirectory conferences,
    ConferenceRoles roles,
    IGroupChatStore groupChats,
    AgendaPublisher publisher,
    LiveAgendaService live,
    IConfirmedDelegates confirmedDelegates,
    IEnumerable<IScheduleChangeFollower> followers,
    IServiceProvider services,
    IConnectorClient connector,
    IOptions<AgendaOptions> agendaOptions,
    IOptions<ConferenceOptions> conferenceOptions,
    TimeProvider time,
    ILogger<ScheduleChangeService> logger)
{
    /// <summary>The conference as the change would leave it, with its notice, or the refusal. Nothing is saved or sent.</summary>
    public async Task<ScheduleChangePreview> PreviewAsync(Conference conference, ScheduleChange change, ActingOrganizer actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(actor);
        if (!(await roles.GetAsync(conference.Id, actor.AadObjectId, cancellationToken).ConfigureAwait(false)).HasFlag(ConferenceRole.Organizer))
        {
            return ScheduleChangePreview.Refuse("Chỉ Ban Tổ chức được thay đổi chương trình.", "Only the organizers can change the agenda.");
        }

        return Preview(conference, change);
    }

    /// <summary>
    /// Applies the change to the conference as <paramref name="stored"/> holds it (its version is the caller's: a newer
    /// one answers <see cref="ScheduleChangeStatus.Conflict"/>), then tells everyone who holds a copy of the day.
    /// </summary>
    public async Task<ScheduleChangeOutcome> ApplyAsync(StoredConference stored, ScheduleChange change, ActingOrganizer actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var preview = await PreviewAsync(stored.Conference, change, actor, cancellationToken).ConfigureAwait(false);
        if (preview.IsRefused)
        {
            return new ScheduleChangeOutcome(ScheduleChangeStatus.Refused, preview);
        }

        var updated = preview.Updated!;
        var changeId = ScheduleChanger.ChangeId(stored.ETag.ToString());
        updated.Revision = stored.Conference.Revision + 1;
        updated.RevisedAt = time.GetUtcNow();
        updated.LastChangeId = changeId;
        if (!await conferences.TryReplaceAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false))
        {
            return new ScheduleChangeOutcome(ScheduleChangeStatus.Conflict, preview);
        }

        LogApplied(logger, stored.Conference.Id, changeId, preview.Changes.Count, actor.AadObjectId);
        var problems = new List<BilingualText>();
        var posted = await PostToGroupChatAsync(updated, preview.Notice!, problems, cancellationToken).ConfigureAwait(false);

        // Saved with its change id first, so the live tick finishes what follows if the instance stops here.
        await publisher.RefreshPostedCardsAsync(updated, cancellationToken, immediately: true).ConfigureAwait(false);
        live.Wake();

        var invitationUpdates = 0;
        try
        {
            foreach (var follower in followers)
            {
                invitationUpdates += await follower.FollowAsync(updated, changeId, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Azure.RequestFailedException ex)
        {
            // The change is saved with its id, so the live tick queues what is missing; the organizer gets no error for it.
            LogFollowDeferred(logger, ex, changeId);
            problems.Add(new BilingualText("thư mời đã gửi sẽ được cập nhật ở lượt kiểm tra sau", "delivered invitations will be updated on the next check"));
        }

        var told = await TellDelegatesAsync(updated, preview.Notice!, changeId, cancellationToken).ConfigureAwait(false);
        if (told < 0)
        {
            problems.Add(new BilingualText("chưa báo được cho đại biểu (hộp thư đi chưa sẵn sàng)", "delegates could not be told (the outbox is not available)"));
        }

        return new ScheduleChangeOutcome(ScheduleChangeStatus.Applied, preview, changeId, posted, Math.Max(told, 0), invitationUpdates, problems);
    }

    /// <summary>
    /// Turns an item's "now starting" message in the group chat on or off. Not a schedule change: delegates hold no copy
    /// of it, so nothing is posted or sent, and it is saved at once. The same organizer rights and lifecycle refusals apply.
    /// Answers the conference as saved, or the refusal.
    /// </summary>
    public async Task<(StoredConference? Saved, BilingualText? Refusal)> SetAnnouncedAsync(string conferenceId, string itemId, bool announce, ActingOrganizer actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!(await roles.GetAsync(conferenceId, actor.AadObjectId, cancellationToken).ConfigureAwait(false)).HasFlag(ConferenceRole.Organizer))
        {
            return (null, new BilingualText("Chỉ Ban Tổ chức được thay đổi chương trình.", "Only the organizers can change the agenda."));
        }

        // One field set to a value the organizer chose: a concurrent save is read again and the choice applied on top.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await conferences.GetStoredAsync(conferenceId, cancellationToken).ConfigureAwait(false) is not { } stored
                || stored.Conference.FindItem(itemId) is null)
            {
                return (null, new BilingualText("Mục này không còn trong chương trình. Hãy tải lại trang.", "This item is no longer on the agenda. Reload the page."));
            }

            if (!stored.Conference.Allows(ConferenceAction.ChangeSchedule))
            {
                return (null, ConferenceLifecycle.Refusal(stored.Conference.State, ConferenceAction.ChangeSchedule));
            }

            var updated = ScheduleChanger.Clone(stored.Conference);
            updated.FindItem(itemId)!.Announce = announce;
            if (await conferences.TryReplaceAsync(updated, stored.ETag, cancellationToken).ConfigureAwait(false))
            {
                return (await conferences.GetStoredAsync(conferenceId, cancellationToken).ConfigureAwait(false), null);
            }
        }

        return (null, new BilingualText("Chương trình đang được người khác thay đổi. Hãy thử lại.", "Someone else is changing the agenda. Try again."));
    }

    /// <summary>Whether an edit touches what delegates hold copies of (invitation cards, calendar, posted agenda): the day, the place, the agenda.</summary>
    public static bool ChangesTheDay(Conference before, Conference after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.Date != after.Date
            || before.Venue.Vi != after.Venue.Vi
            || before.TimeZone != after.TimeZone
            || !before.Agenda.Select(Row).SequenceEqual(after.Agenda.Select(Row));
    }

    private ScheduleChangePreview Preview(Conference conference, ScheduleChange change)
    {
        if (!conference.Allows(ConferenceAction.ChangeSchedule))
        {
            var refusal = ConferenceLifecycle.Refusal(conference.State, ConferenceAction.ChangeSchedule);
            return ScheduleChangePreview.Refuse(refusal.Vi, refusal.En);
        }

        var dayStart = DayTime(agendaOptions.Value.DayStartsAt, 6);
        var dayEnd = DayTime(agendaOptions.Value.DayEndsAt, 22);
        Conference updated;
        IReadOnlyList<ChangedRow> changes;
        switch (change)
        {
            case ScheduleChange.Item item:
                var result = ScheduleChanger.Apply(conference, item.Request, dayStart, dayEnd);
                if (result.IsRefused)
                {
                    return ScheduleChangePreview.Refuse(result.RefusalVi!, result.RefusalEn!);
                }

                (updated, changes) = (result.Updated!, result.Changes);
                break;
            case ScheduleChange.Plan plan:
                var today = plan.Form.Date == conference.Date ? (DateOnly?)null : Today(conference);
                if (plan.Form.Validate(today) is { Count: > 0 } issues)
                {
                    return ScheduleChangePreview.Refuse(string.Join(" ", issues.Select(i => i.MessageVi)), string.Join(" ", issues.Select(i => i.MessageEn)));
                }

                updated = ScheduleChanger.Clone(conference);
                plan.Form.ApplyTo(updated);
                changes = Diff(conference, updated);
                if (changes.Count == 0 && !ChangesTheDay(conference, updated))
                {
                    return ScheduleChangePreview.Refuse("Không có gì thay đổi trong chương trình, ngày họp hay địa điểm.", "Nothing changes in the agenda, the date or the venue.");
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change));
        }

        if (Refusal(updated, changes, dayStart, dayEnd) is { } refused)
        {
            return refused;
        }

        return new ScheduleChangePreview(updated, changes, new ScheduleChangeNotice(conference, updated, changes, change.Reason), null);
    }

    /// <summary>What every change must respect, whichever way it was asked: the day's window, and no item moved into the past.</summary>
    private ScheduleChangePreview? Refusal(Conference updated, IReadOnlyList<ChangedRow> changes, TimeOnly dayStart, TimeOnly dayEnd)
    {
        var now = time.GetUtcNow();
        foreach (var row in changes)
        {
            if (updated.FindItem(row.ItemId) is not { Cancelled: false } item || item.TimeRange == row.OldRange)
            {
                continue;
            }

            if (item.Start < dayStart || item.End > dayEnd)
            {
                return ScheduleChangePreview.Refuse(
                    $"Thời gian phải nằm trong ngày họp, từ {AgendaTime.Format(dayStart)} đến {AgendaTime.Format(dayEnd)} (không qua nửa đêm).",
                    $"Times must stay within the day, {AgendaTime.Format(dayStart)} to {AgendaTime.Format(dayEnd)} (not past midnight).");
            }

            if (updated.At(item.Start) < now)
            {
                return ScheduleChangePreview.Refuse(
                    $"Giờ mới của “{item.Content.Vi}” ({item.TimeRange}, {updated.FormatDate(Language.Vi)}) đã qua. Chỉ dời được sang thời điểm chưa tới.",
                    $"The new time of “{item.Content.En}” ({item.TimeRange}, {updated.FormatDate(Language.En)}) is already past. Move it to a time still to come.");
            }
        }

        return null;
    }

    /// <summary>The rows a whole-plan edit changes: moved, renamed, re-assigned, cancelled or restored, added (no old range) and removed.</summary>
    private static List<ChangedRow> Diff(Conference before, Conference after)
    {
        var rows = new List<ChangedRow>();
        foreach (var item in after.Agenda.OrderBy(a => a.Start))
        {
            var old = before.FindItem(item.Id);
            if (old is null)
            {
                rows.Add(new ChangedRow(item.Id, "", WasCancelled: false));
            }
            else if (Row(old) != Row(item))
            {
                rows.Add(new ChangedRow(item.Id, old.TimeRange, old.Cancelled));
            }
        }

        rows.AddRange(before.Agenda.Where(old => after.FindItem(old.Id) is null).OrderBy(a => a.Start).Select(old => new ChangedRow(old.Id, old.TimeRange, old.Cancelled)));
        return rows;
    }

    private async Task<bool> PostToGroupChatAsync(Conference updated, ScheduleChangeNotice notice, List<BilingualText> problems, CancellationToken cancellationToken)
    {
        var binding = await groupChats.GetBindingAsync(updated.Id, cancellationToken).ConfigureAwait(false);
        if (binding is null)
        {
            problems.Add(new BilingualText("chưa gắn nhóm chat nên chưa thông báo vào nhóm", "no group chat is bound, so no notice was posted"));
            return false;
        }

        var language = LanguageExtensions.Parse(conferenceOptions.Value.DefaultLanguage) ?? Language.Vi;
        try
        {
            await connector.SendToConversationAsync(binding.ServiceUrl, binding.ConversationId, notice.GroupChatActivity(language, binding.ConversationId), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConnectorException ex)
        {
            LogNoticeFailed(logger, ex, binding.ConversationId);
            problems.Add(new BilingualText("không gửi được thông báo vào nhóm chat", "the group chat notice could not be sent"));
            return false;
        }
    }

    /// <returns>How many attending delegates were queued a message; -1 when no outbox is there to queue it.</returns>
    private async Task<int> TellDelegatesAsync(Conference updated, ScheduleChangeNotice notice, string changeId, CancellationToken cancellationToken)
    {
        if (notice.DelegateText() is not { } text)
        {
            return 0;
        }

        if (services.GetService<IOutbox>() is not { } outbox)
        {
            LogNoOutbox(logger);
            return -1;
        }

        var delegates = await confirmedDelegates.GetAadObjectIdsAsync(updated.Id, cancellationToken).ConfigureAwait(false);
        var messages = delegates.Distinct(StringComparer.OrdinalIgnoreCase).Select(id => new OutboxMessage(
            OutboxPurposes.Of(updated.Id, "agenda-change:" + changeId), id, Activity.CreateMessage(text), UserAadObjectId: id));
        await outbox.EnqueueAsync(messages, cancellationToken).ConfigureAwait(false);
        return delegates.Count;
    }

    private DateOnly Today(Conference conference) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), conference.Zone).DateTime);

    private static string Row(AgendaItem item) => $"{item.Id}|{item.Start}|{item.End}|{item.Content.Vi}|{item.Presenter?.Vi}|{item.Cancelled}";

    private static TimeOnly DayTime(string? text, int fallbackHour) => AgendaTime.TryParse(text) ?? new TimeOnly(fallbackHour, 0);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schedule change {ChangeId} applied to conference {ConferenceId} ({Rows} rows) by {Actor}")]
    private static partial void LogApplied(ILogger logger, string conferenceId, string changeId, int rows, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Schedule change {ChangeId}: its followers could not be told now; the live tick retries")]
    private static partial void LogFollowDeferred(ILogger logger, Exception exception, string changeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the schedule change notice to {ConversationId}")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string conversationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "No IOutbox is registered: delegates were not told about the new start time")]
    private static partial void LogNoOutbox(ILogger logger);
}
