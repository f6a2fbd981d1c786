namespace KhConferenceBot.Graph;

/// <summary>
/// Microsoft Graph, used to reach delegates the bot has never talked to and to create the conference group chat.
/// Uses the bot's own identity (Bot:MicrosoftAppId, Bot:TenantId and its credential: secret, certificate or managed identity).
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Graph's root, tests point it at a local fake.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>The app's id in the org catalog (appCatalogs/teamsApps/{id}); looked up from the manifest id when empty.</summary>
    public string? TeamsAppCatalogId { get; set; }

    /// <summary>The manifest's "id", used to find the catalog id.</summary>
    public string? ManifestAppId { get; set; }

    /// <summary>Graph is off in local mode and whenever no app id is configured.</summary>
    public bool Enabled { get; set; } = true;
}
