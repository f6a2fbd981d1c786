using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Features.Invitations;

public sealed class InvitationOptions
{
    public const string SectionName = "Invitations";

    /// <summary>Hours before the RSVP deadline when non-responders get one automatic reminder; 0 turns it off.</summary>
    [Range(0, 24 * 30, ErrorMessage = "Invitations:AutoReminderHoursBeforeDeadline must be between 0 and 720.")]
    public int AutoReminderHoursBeforeDeadline { get; set; } = 24;

    /// <summary>How often the automatic reminder checks the clock.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Invitations:AutoReminderCheckInterval must be between 5 seconds and 1 hour.")]
    public TimeSpan AutoReminderCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
