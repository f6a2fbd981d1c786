using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Features.Guests;

/// <summary>The answer page of delegates invited by e-mail: how long their links live and how hard the page may be hit.</summary>
public sealed class GuestsOptions
{
    public const string SectionName = "Guests";

    /// <summary>A link works until this long after the conference ends, so the delegate can still see the answer they gave.</summary>
    public TimeSpan LinkValidAfterConference { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Requests one link may make per minute (reading and answering; a person needs a handful).</summary>
    [Range(1, 10_000)]
    public int RequestsPerLinkPerMinute { get; set; } = 20;

    /// <summary>Requests one network address may make per minute (an office behind one address holds many delegates).</summary>
    [Range(1, 100_000)]
    public int RequestsPerAddressPerMinute { get; set; } = 120;
}
