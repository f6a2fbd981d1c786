using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Conferences;

public sealed class ConferenceOptions
{
    public const string SectionName = "Conference";

    /// <summary>
    /// The day of the sample conferences (<c>Planning:SamplePlans</c>). The sample plan fixes none; empty means tomorrow,
    /// so the live agenda can be tried any day.
    /// </summary>
    public DateOnly? Date { get; set; }

    /// <summary>Entra object ids of the organizers (Department of Home Affairs, the Committee's office).</summary>
    public IList<string> Organizers { get; } = [];

    /// <summary>The language for people who have not chosen one.</summary>
    public string DefaultLanguage { get; set; } = "vi";

    /// <summary>When true, Teams' locale decides a new user's language; off by default because the Playground always says en-US.</summary>
    public bool UseClientLocale { get; set; }

    /// <summary>Where people reach the bot's public endpoints (the calendar file linked from invitations).</summary>
    /// <summary>Where people reach the bot from outside (calendar and download links). Local mode defaults it to the local address.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary><see cref="PublicBaseUrl"/> as a base for relative links; validated at start.</summary>
    /// <remarks>A method, not a property: options validation reads every property, and this one throws before validation.</remarks>
    public Uri PublicBaseUri() => TryBaseUri(PublicBaseUrl) ?? throw new InvalidOperationException("Conference:PublicBaseUrl is not set.");

    internal static Uri? TryBaseUri(string? url) =>
        Uri.TryCreate(url?.Trim().TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
}
