using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Features.CheckIn;

public sealed class CheckInOptions
{
    public const string SectionName = "CheckIn";

    /// <summary>How long one hall code shows at the entrance (the previous one is accepted for one more step).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "CheckIn:HallCodeStep must be between 1 and 60 minutes.")]
    public TimeSpan HallCodeStep { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The least time between two writes of the group chat's headcount card (Teams allows 60 a chat in 30 s; the agenda and reminders share them).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00", ErrorMessage = "CheckIn:HeadcountCardInterval must be between 10 seconds and 10 minutes.")]
    public TimeSpan HeadcountCardInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the headcount card's loop looks at the counts.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "CheckIn:HeadcountCardTick must be between 1 second and 1 minute.")]
    public TimeSpan HeadcountCardTick { get; set; } = TimeSpan.FromSeconds(5);
}
