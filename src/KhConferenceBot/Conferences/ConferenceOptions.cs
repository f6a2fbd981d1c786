using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Conferences;

public sealed class ConferenceOptions
{
    public const string SectionName = "Conference";

    /// <summary>The conference this deployment runs.</summary>
    [Required(ErrorMessage = "Conference:Id is required.")]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,62}$", ErrorMessage = "Conference:Id must be lower-case letters, digits and dashes.")]
    public string Id { get; set; } = "khanh-hoa-2023";

    /// <summary>A folder holding conference.json (and delegates.csv) loaded into storage at start when it is set.</summary>
    public string? SamplePath { get; set; }

    /// <summary>The conference day. The sample plan fixes none; empty means tomorrow, so the live agenda can be tried any day.</summary>
    public DateOnly? Date { get; set; }

    /// <summary>Entra object ids of the organizers (Department of Home Affairs, the Committee's office).</summary>
    public IList<string> Organizers { get; } = [];

    /// <summary>The language for people who have not chosen one.</summary>
    public string DefaultLanguage { get; set; } = "vi";

    /// <summary>When true, Teams' locale decides a new user's language; off by default because the Playground always says en-US.</summary>
    public bool UseClientLocale { get; set; }

    /// <summary>Where people reach the bot's public endpoints (the calendar file linked from invitations).</summary>
    [Required(ErrorMessage = "Conference:PublicBaseUrl is required.")]
    [Url(ErrorMessage = "Conference:PublicBaseUrl must be an absolute http(s) URL.")]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:3978";
}
