using System.Text.Json;
using KhConferenceBot.Conferences;
using KhConferenceBot.Graph;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Workspace;

/// <summary>
/// Links that open the workspace on one conference (and one of its pages), built only here. In Teams, the deep link
/// to the personal tab: https://teams.microsoft.com/l/entity/{appId}/{entityId}?webUrl=…&amp;label=…&amp;context={"subEntityId":…}
/// (Microsoft Teams docs, "Deep link to an application", configured manually for a bot's card); the tab reads the
/// sub-entity back as app.getContext().page.subPageId and the start page opens it. In a browser, the plain address.
/// </summary>
public sealed class TabLinks(IOptions<ConferenceOptions> conference, IOptions<GraphOptions> graph) : IWorkspaceLinks
{
    /// <summary>The personal tab's entityId in manifest/manifest.template.json (staticTabs).</summary>
    public const string EntityId = "organizer-dashboard";

    /// <summary>The query parameter the start page reads the sub-page from (what the tab's script passes on).</summary>
    public const string OpenParameter = "open";

    /// <summary>
    /// The app id a deep link names: the org catalog id when known (Teams' rule for apps in the org catalog), else the
    /// manifest id (a custom app uploaded in Teams). Null without either, as in local mode.
    /// </summary>
    private string? AppId => graph.Value.TeamsAppCatalogId is { Length: > 0 } catalog ? catalog
        : graph.Value.ManifestAppId is { Length: > 0 } manifest ? manifest : null;

    /// <summary>The workspace page in a browser: {PublicBaseUrl}/organizer/conferences/{id}[/{slug}].</summary>
    public Uri WebUrl(string conferenceId, string slug = "") =>
        new(conference.Value.PublicBaseUri(), WorkspaceRoutes.Page(conferenceId, slug).TrimStart('/'));

    /// <summary>The Teams deep link to the personal tab on that conference page, or null when the Teams app id is not configured.</summary>
    public Uri? TeamsDeepLink(string conferenceId, string label, string slug = "")
    {
        ArgumentException.ThrowIfNullOrEmpty(conferenceId);
        if (AppId is not { } appId)
        {
            return null;
        }

        var context = JsonSerializer.Serialize(new { subEntityId = SubPage(conferenceId, slug) });
        return new Uri("https://teams.microsoft.com/l/entity/" + Uri.EscapeDataString(appId) + "/" + EntityId
            + "?webUrl=" + Uri.EscapeDataString(WebUrl(conferenceId, slug).AbsoluteUri)
            + "&label=" + Uri.EscapeDataString(label)
            + "&context=" + Uri.EscapeDataString(context));
    }

    /// <summary>What a chat card's "Mở trang tổ chức" opens: the tab in Teams when the app id is known, else the web page.</summary>
    public Uri ForChat(string conferenceId, string label, string slug = "") => TeamsDeepLink(conferenceId, label, slug) ?? WebUrl(conferenceId, slug);

    /// <summary>The sub-entity a deep link carries: the conference id, then "/" and the page's slug when there is one.</summary>
    public static string SubPage(string conferenceId, string slug = "") => string.IsNullOrEmpty(slug) ? conferenceId : conferenceId + "/" + slug;

    /// <summary>
    /// Reads a sub-entity back (it arrives through the tab's script, so it is untrusted): a well-formed conference id
    /// and, optionally, the slug of a page in the menu. Anything else is null.
    /// </summary>
    public static (string ConferenceId, string Slug)? ParseSubPage(string? subPage, IEnumerable<WorkspaceNavEntry> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        if (string.IsNullOrWhiteSpace(subPage) || subPage.Length > 200)
        {
            return null;
        }

        var parts = subPage.Trim().Split('/');
        var slug = parts.Length == 2 ? parts[1] : "";
        return parts.Length <= 2 && ConferenceDirectory.IsWellFormedId(parts[0]) && pages.Any(p => p.Slug == slug)
            ? (parts[0], slug)
            : null;
    }
}
