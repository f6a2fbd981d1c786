using KhConferenceBot.Teams.Auth;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Api;

/// <summary>Who may call the organizer HTTP API, and the key that signs download links.</summary>
public sealed class OrganizerOptions
{
    public const string SectionName = "Organizer";

    /// <summary>The app role an Entra token must carry (and the role the local key grants).</summary>
    public const string Role = "Organizer";

    /// <summary>The Entra authority (https://login.microsoftonline.com/{tenant}/v2.0); defaults from Bot:TenantId. Its OpenID metadata gives the issuer and keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The token audience; defaults to Bot:MicrosoftAppId (api://{id} is accepted too).</summary>
    public string? Audience { get; set; }

    /// <summary>Local mode only: the key callers send as X-Organizer-Key (scripts/run keeps one in .local/). Empty keeps the API closed.</summary>
    public string? LocalApiKey { get; set; }

    /// <summary>
    /// HMAC key of every download link (at least 32 characters). Required outside local mode; in local mode an empty key
    /// is replaced by one made at start, so links then die with the process.
    /// </summary>
    public string? LinkSigningKey { get; set; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Set from Bot:MicrosoftAppId: true when the bot runs without an identity.</summary>
    internal bool IsLocalMode { get; set; }

    internal Uri? MetadataAddress =>
        string.IsNullOrWhiteSpace(Authority) || !Uri.TryCreate(Authority.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute, out var uri) ? null : uri;
}

internal sealed class OrganizerOptionsSetup(IOptions<BotAuthenticationOptions> bot, IConfiguration configuration) : IPostConfigureOptions<OrganizerOptions>
{
    public void PostConfigure(string? name, OrganizerOptions options)
    {
        options.IsLocalMode = bot.Value.IsLocalMode;
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            options.Audience = bot.Value.MicrosoftAppId;
        }

        if (string.IsNullOrWhiteSpace(options.Authority) && configuration["Bot:TenantId"] is { Length: > 0 } tenant)
        {
            options.Authority = $"https://login.microsoftonline.com/{tenant}/v2.0";
        }
    }
}
