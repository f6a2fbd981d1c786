using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Reminders;

/// <summary>What the scheduler will send next, planned exactly as its ticks plan (the current agenda and the one-off reminders).</summary>
public sealed partial class ReminderScheduler
{
    public async Task<IReadOnlyList<PlannedReminder>> UpcomingAsync(Conference conference, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var custom = await store.ListCustomAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var now = Time.GetUtcNow();
        return [.. ReminderPlanner.Plan(conference, options.Value, custom).Where(r => r.DueAt > now).OrderBy(r => r.DueAt).Take(count)];
    }
}
