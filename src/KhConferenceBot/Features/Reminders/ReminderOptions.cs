using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Features.Reminders;

/// <summary>Which reminders the bot sends. Every kind is on by default.</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>1:1 to confirmed delegates on the day before, at <see cref="DayBeforeAt"/> local time.</summary>
    public bool DayBefore { get; set; } = true;

    public string DayBeforeAt { get; set; } = "16:00";

    /// <summary>In the group chat, <see cref="BeforeStartMinutes"/> before the first item.</summary>
    public bool BeforeStart { get; set; } = true;

    [Range(1, 240, ErrorMessage = "Reminders:BeforeStartMinutes must be 1-240.")]
    public int BeforeStartMinutes { get; set; } = 30;

    /// <summary>In the group chat when a break ends.</summary>
    public bool BreakEnd { get; set; } = true;

    /// <summary>In the group chat, <see cref="BeforeDiscussionMinutes"/> before the discussion: send your questions now.</summary>
    public bool BeforeDiscussion { get; set; } = true;

    [Range(1, 240, ErrorMessage = "Reminders:BeforeDiscussionMinutes must be 1-240.")]
    public int BeforeDiscussionMinutes { get; set; } = 15;

    /// <summary>"Now starting" messages for agenda items marked Announce.</summary>
    public bool Announcements { get; set; } = true;

    /// <summary>A reminder later than this (the bot was down) is skipped and the organizers are told.</summary>
    [Range(1, 720, ErrorMessage = "Reminders:GraceMinutes must be 1-720.")]
    public int GraceMinutes { get; set; } = 15;

    [Range(1, 300, ErrorMessage = "Reminders:TickSeconds must be 1-300.")]
    public int TickSeconds { get; set; } = 15;

    /// <summary>How long an instance holds a reminder while sending it; after that another instance may take over.</summary>
    [Range(10, 3600, ErrorMessage = "Reminders:LeaseSeconds must be 10-3600.")]
    public int LeaseSeconds { get; set; } = 120;

    [Range(1, 20, ErrorMessage = "Reminders:MaxAttempts must be 1-20.")]
    public int MaxAttempts { get; set; } = 5;
}
