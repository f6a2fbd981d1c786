using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Features.Invitations;

public sealed class InvitationOptions
{
    public const string SectionName = "Invitations";

    /// <summary>Hours before the RSVP deadline when non-responders get one automatic reminder; 0 turns it off.</summary>
    [Range(0, 24 * 30, ErrorMessage = "Invitations:AutoReminderHoursBeforeDeadline must be between 0 and 720.")]
    public int AutoReminderHoursBeforeDeadline { get; set; } = 24;

    /// <summary>
    /// How long after the invitation reached a delegate they may be reminded (automatically or by "nhắc"): nobody is
    /// nagged about an invitation they received minutes ago.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00", ErrorMessage = "Invitations:RemindAfterDelivery must be between 0 and 30 days.")]
    public TimeSpan RemindAfterDelivery { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How often the automatic reminder checks the clock.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Invitations:AutoReminderCheckInterval must be between 5 seconds and 1 hour.")]
    public TimeSpan AutoReminderCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the scheduled sends («Hẹn giờ gửi») check the clock: a send starts at most this late.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00", ErrorMessage = "Invitations:ScheduledSendCheckInterval must be between 5 seconds and 10 minutes.")]
    public TimeSpan ScheduledSendCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
