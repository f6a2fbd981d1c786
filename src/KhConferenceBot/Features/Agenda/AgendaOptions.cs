using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Features.Agenda;

public sealed class AgendaOptions
{
    public const string SectionName = "Agenda";

    /// <summary>How often posted agenda cards are checked against the clock.</summary>
    [Range(1, 600, ErrorMessage = "Agenda:LiveTickSeconds must be 1-600.")]
    public int LiveTickSeconds { get; set; } = 15;

    /// <summary>The least time between two updates of one posted card (Teams users see a card flicker otherwise).</summary>
    [Range(60, 3600, ErrorMessage = "Agenda:MinCardUpdateSeconds must be 60-3600.")]
    public int MinCardUpdateSeconds { get; set; } = 60;

    /// <summary>Earliest start and latest end a schedule change may set, local time.</summary>
    public string DayStartsAt { get; set; } = "06:00";

    public string DayEndsAt { get; set; } = "22:00";
}
