using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Features.CheckIn;

public sealed class CheckInOptions
{
    public const string SectionName = "CheckIn";

    /// <summary>How long one hall code shows at the entrance (the previous one is accepted for one more step).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "CheckIn:HallCodeStep must be between 1 and 60 minutes.")]
    public TimeSpan HallCodeStep { get; set; } = TimeSpan.FromMinutes(5);
}
