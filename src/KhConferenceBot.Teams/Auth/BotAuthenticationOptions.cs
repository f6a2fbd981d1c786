namespace KhConferenceBot.Teams.Auth;

public sealed class BotAuthenticationOptions
{
    public const string SectionName = "Bot";

    /// <summary>The bot's Entra app id. Empty means explicit local mode: inbound auth off, outbound calls without a token.</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>Bot Connector OpenID metadata. Tests point it at a local issuer.</summary>
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    public string ValidIssuer { get; set; } = "https://api.botframework.com";

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long signing keys are trusted before they are fetched again (Microsoft: at least daily).</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The least time between two fetches forced by an unknown key id, so a forged kid cannot hammer the endpoint.</summary>
    public TimeSpan MinimumKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsLocalMode => string.IsNullOrWhiteSpace(MicrosoftAppId);
}
