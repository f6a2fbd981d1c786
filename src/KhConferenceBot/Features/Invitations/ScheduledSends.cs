using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Invitations;

/// <summary>What a request to schedule or cancel did: the send as stored, or why nothing was.</summary>
public sealed record ScheduledSendResult(ScheduledSend? Send, BilingualText? Refusal);

/// <summary>
/// «Hẹn giờ gửi»: the invitations go out at a time the organizer sets (in the conference's time zone), to everyone or
/// one group. The time is stored in Azure Tables; <see cref="ScheduledSendJob"/> starts the send at that time through
/// <see cref="InvitationService.EnqueueInvitationsAsync"/>, the same send as the chat's «Xác nhận gửi».
/// </summary>
public sealed partial class ScheduledSends(IScheduledSendStore store, ScheduledSendJob job, TimeProvider time, ILogger<ScheduledSends> logger)
{
    /// <summary>The furthest ahead a send may be set: a plan's invitations go out weeks before, not years.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(180);

    public async Task<ScheduledSendResult> ScheduleAsync(Conference conference, DelegateGroup? group, DateOnly date, TimeOnly at, string? by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        if (!conference.Allows(ConferenceAction.SendInvitations))
        {
            return new(null, ConferenceLifecycle.Refusal(conference.State, ConferenceAction.SendInvitations));
        }

        var sendAt = Conference.ToInstant(date, at, conference.Zone);
        var now = time.GetUtcNow();
        var when = Format(conference, sendAt);
        if (sendAt <= now)
        {
            return new(null, new($"Giờ hẹn {when} đã qua. Hãy chọn một thời điểm sau bây giờ, hoặc gửi ngay.", $"{when} has passed. Choose a later time, or send now."));
        }

        if (sendAt - now > MaxAhead)
        {
            return new(null, new($"Giờ hẹn {when} quá xa (tối đa {MaxAhead.Days} ngày tới).", $"{when} is too far ahead (at most {MaxAhead.Days} days)."));
        }

        var send = new ScheduledSend(Guid.NewGuid().ToString("N"), conference.Id, group?.Id, sendAt.ToUniversalTime(), ScheduledSendState.Scheduled, by, now);
        await store.AddAsync(send, cancellationToken).ConfigureAwait(false);
        LogScheduled(logger, conference.Id, send.Id, send.SendAt, group?.Id);
        return new(send, null);
    }

    /// <summary>Cancels a send that has not started; one that started (or ended) is past cancelling.</summary>
    public async Task<ScheduledSendResult> CancelAsync(Conference conference, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var send = await store.GetAsync(conference.Id, id, cancellationToken).ConfigureAwait(false);
        if (send is null)
        {
            return new(null, new("Không có lịch gửi này.", "There is no such scheduled send."));
        }

        if (send.State != ScheduledSendState.Scheduled
            || !await store.TryUpdateAsync(send with { State = ScheduledSendState.Cancelled }, cancellationToken).ConfigureAwait(false))
        {
            return new(null, new("Lịch gửi này đã bắt đầu hoặc đã kết thúc, không hủy được nữa.", "This send has started or ended; it cannot be cancelled any more."));
        }

        LogCancelled(logger, conference.Id, id);
        return new(send with { State = ScheduledSendState.Cancelled }, null);
    }

    public Task<IReadOnlyList<ScheduledSend>> ListAsync(string conferenceId, CancellationToken cancellationToken) => store.ListAsync(conferenceId, cancellationToken);

    /// <summary>Runs the job's check now (a page or test that wants the due sends started without waiting for the tick).</summary>
    public Task CatchUpAsync(CancellationToken cancellationToken) => job.WaitForTickAsync(time.GetUtcNow(), cancellationToken);

    /// <summary>As the plan writes times: "08h00 ngày 05/12/2026", in the conference's zone.</summary>
    public static string Format(Conference conference, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var local = TimeZoneInfo.ConvertTime(instant, conference.Zone);
        return $"{AgendaTime.Format(TimeOnly.FromDateTime(local.DateTime))} ngày {local:dd/MM/yyyy}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invitations of {ConferenceId} scheduled ({SendId}) for {SendAt:o}, group {GroupId}")]
    private static partial void LogScheduled(ILogger logger, string conferenceId, string sendId, DateTimeOffset sendAt, string? groupId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled send {SendId} of {ConferenceId} cancelled")]
    private static partial void LogCancelled(ILogger logger, string conferenceId, string sendId);
}

/// <summary>
/// Starts each scheduled send at its time, once across instances and restarts: the row is taken with an ETag-conditional
/// write (a lease), and the send itself is idempotent (the outbox keeps one row per delegate), so a send whose instance
/// died part-way is simply run again once its lease is over.
/// </summary>
public sealed partial class ScheduledSendJob(
    IScheduledSendStore store,
    ConferenceDirectory conferences,
    InvitationService invitations,
    IOptions<InvitationOptions> options,
    TimeProvider time,
    ILogger<ScheduledSendJob> logger) : ClockedBackgroundService(time, logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override TimeSpan Interval => options.Value.ScheduledSendCheckInterval;

    protected override async Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var conference in await conferences.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var send in await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false))
            {
                var due = send.SendAt <= now
                    && (send.State == ScheduledSendState.Scheduled || (send.State == ScheduledSendState.Started && send.LeaseUntil < now));
                if (due)
                {
                    await RunAsync(conference, send, now, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task RunAsync(Conference conference, ScheduledSend send, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await store.TryUpdateAsync(send with { State = ScheduledSendState.Started, LeaseUntil = now + Lease }, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var taken = await store.GetAsync(conference.Id, send.Id, cancellationToken).ConfigureAwait(false);
        if (taken is not { State: ScheduledSendState.Started })
        {
            return;
        }

        var group = send.GroupId is null ? null : conference.FindGroup(send.GroupId);
        if (!conference.Allows(ConferenceAction.SendInvitations) || (send.GroupId is not null && group is null))
        {
            var why = send.GroupId is not null && group is null
                ? "Nhóm đại biểu không còn trong kế hoạch."
                : ConferenceLifecycle.Refusal(conference.State, ConferenceAction.SendInvitations).Vi;
            await store.TryUpdateAsync(taken with { State = ScheduledSendState.Refused, LeaseUntil = null, Note = why }, cancellationToken).ConfigureAwait(false);
            LogRefused(logger, conference.Id, send.Id, why);
            return;
        }

        var result = await invitations.EnqueueInvitationsAsync(conference, group, cancellationToken).ConfigureAwait(false);
        await store.TryUpdateAsync(taken with { State = ScheduledSendState.Done, LeaseUntil = null, Enqueued = result.Enqueued }, cancellationToken).ConfigureAwait(false);
        LogStarted(logger, conference.Id, send.Id, result.Enqueued);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled send {SendId} of {ConferenceId} started: {Enqueued} invitations queued")]
    private static partial void LogStarted(ILogger logger, string conferenceId, string sendId, int enqueued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled send {SendId} of {ConferenceId} not started: {Reason}")]
    private static partial void LogRefused(ILogger logger, string conferenceId, string sendId, string reason);
}
