namespace KhConferenceBot.Teams.Connector;

public sealed class ConnectorOptions
{
    public const string SectionName = "Bot";

    /// <summary>Empty in local mode: outbound calls then go without a token (the Playground accepts them).</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>How the bot proves its identity to Entra ID when it asks for tokens.</summary>
    public BotCredentialType CredentialType { get; set; } = BotCredentialType.ClientSecret;

    /// <summary>The client secret, with <see cref="BotCredentialType.ClientSecret"/>.</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>A PEM or PKCS#12 file with the certificate and its private key, with <see cref="BotCredentialType.Certificate"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The bot's home tenant (single-tenant registration).</summary>
    public string? TenantId { get; set; }

    /// <summary>Entra ID's address (another cloud's, or a local fake in tests); tokens come from {host}/{tenant}/oauth2/v2.0/token.</summary>
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com/");

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
