using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Invitations;

/// <summary>
/// One automatic reminder to non-responders a set time before the RSVP deadline. The outbox keys rows by
/// (purpose, recipient), so with one fixed purpose every instance may run this and each person still gets one.
/// </summary>
internal sealed partial class AutoReminderService(
    ConferenceDirectory conferences,
    InvitationService invitations,
    TimeProvider time,
    IOptions<InvitationOptions> options,
    ILogger<AutoReminderService> logger) : ClockedBackgroundService(time, logger)
{
    protected override TimeSpan Interval => options.Value.AutoReminderCheckInterval;

    /// <summary>Sends each open conference's reminder if its window is open now; returns how many were queued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var added = 0;
        foreach (var conference in await conferences.ListActiveAsync(cancellationToken).ConfigureAwait(false))
        {
            added += await RunOnceAsync(conference, cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    private async Task<int> RunOnceAsync(Conference conference, CancellationToken cancellationToken)
    {
        var hours = options.Value.AutoReminderHoursBeforeDeadline;
        if (hours <= 0 || !conference.Allows(ConferenceAction.RemindNonResponders))
        {
            return 0;
        }

        var now = Time.GetUtcNow();
        var deadline = conference.EffectiveRsvpDeadline;
        if (now < deadline - TimeSpan.FromHours(hours) || now > deadline)
        {
            return 0;
        }

        var added = await invitations.RemindAsync(conference, InvitationService.AutoReminderPurpose(conference.Id), cancellationToken).ConfigureAwait(false);
        if (added > 0)
        {
            LogReminded(logger, conference.Id, added);
        }

        return added;
    }

    protected override Task TickAsync(DateTimeOffset now, CancellationToken cancellationToken) => RunOnceAsync(cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic RSVP reminder of {ConferenceId} queued for {Count} delegates")]
    private static partial void LogReminded(ILogger logger, string conferenceId, int count);
}
