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

    /// <summary>
    /// How long a call that is safe to repeat (GET, PUT, DELETE) may take before it is cancelled and retried. The outbox
    /// also frees a send slot after this long, while it keeps waiting for the answer of a POST.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a POST that creates something (a message, a chat) is waited for. It is never cancelled and repeated
    /// earlier: Teams has no idempotency key, so a repeat while the first may still land is a duplicate message.
    /// </summary>
    public TimeSpan PostAnswerTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
