namespace KhConferenceBot.Outbox;

/// <summary>The "Outbox" section: how the background sender drains the outbox table.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>How often the table is scanned when nobody called Wake; enqueues wake the sender at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed row belongs to one instance; after that another instance may send it again.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long one instance stays the tenant's only sender without renewing (<see cref="SenderLease"/>): the longest a
    /// dead sender holds up the others. Renewed every third of it, so storage sees one write per third per tenant.
    /// </summary>
    public TimeSpan SenderLeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts (transient failures included) before a row is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Sends in flight at once; the send budget, not this number, is what keeps Teams from throttling.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>First back-off after a transient failure without Retry-After; doubled per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Due rows read per table scan.</summary>
    public int ScanBatchSize { get; set; } = 500;

    /// <summary>Where 1:1 conversations are created when no conversation reference is known yet.</summary>
    public string DefaultServiceUrl { get; set; } = "https://smba.trafficmanager.net/teams/";

    /// <summary>The bot's Teams id ("28:&lt;app id&gt;"); derived from Bot:MicrosoftAppId when empty.</summary>
    public string? BotId { get; set; }

    internal bool IsValid(out string? error)
    {
        error = PollInterval <= TimeSpan.Zero ? "Outbox:PollInterval must be positive."
            : LeaseDuration < TimeSpan.FromSeconds(10) ? "Outbox:LeaseDuration must be at least 10 seconds."
            : SenderLeaseDuration < TimeSpan.FromSeconds(3) || SenderLeaseDuration > TimeSpan.FromMinutes(10) ? "Outbox:SenderLeaseDuration must be between 3 seconds and 10 minutes."
            : MaxAttempts is < 1 or > 100 ? "Outbox:MaxAttempts must be between 1 and 100."
            : MaxConcurrency is < 1 or > 64 ? "Outbox:MaxConcurrency must be between 1 and 64."
            : RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay ? "Outbox:RetryBaseDelay must be positive and at most Outbox:RetryMaxDelay."
            : ScanBatchSize is < 1 or > 1000 ? "Outbox:ScanBatchSize must be between 1 and 1000."
            : !Uri.TryCreate(DefaultServiceUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) ? "Outbox:DefaultServiceUrl must be an absolute http(s) URL."
            : null;
        return error is null;
    }
}
