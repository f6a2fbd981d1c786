namespace KhConferenceBot.Teams.Connector;

public sealed class ConnectorOptions
{
    public const string SectionName = "Bot";

    /// <summary>Empty in local mode: outbound calls then go without a token (the Playground accepts them).</summary>
    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    /// <summary>The bot's home tenant (single-tenant registration).</summary>
    public string? TenantId { get; set; }

    /// <summary>Token endpoint; {tenant} is replaced by <see cref="TenantId"/>. Tests point it at a local fake.</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Service URLs the token may go to before any activity arrived from them (for proactive sends after a restart).</summary>
    public IList<string> TrustedServiceUrls { get; } = [];

    public int MaxRetries { get; set; } = 5;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
