using Microsoft.AspNetCore.Components;

namespace KhConferenceBot.Workspace.Pages;

/// <summary>
/// The start page opened from a chat link: the tab's script passes Teams' sub-page (a conference, optionally one of
/// its pages) as ?open=…, and the page goes there when the person may open that conference. Kept apart from the list
/// the page shows.
/// </summary>
public partial class ConferencesPage
{
    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private IEnumerable<WorkspaceNavEntry> NavEntries { get; set; } = null!;

    [SupplyParameterFromQuery(Name = TabLinks.OpenParameter)]
    private string? OpenSubPage { get; set; }

    /// <summary>Set when the link named a conference this person cannot open: the list shows instead, with a line saying so.</summary>
    private bool OpenRefused { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (OpenSubPage is null)
        {
            return;
        }

        await Session.LoadAsync(CancellationToken.None);
        if (TabLinks.ParseSubPage(OpenSubPage, NavEntries) is { } target
            && await Access.OpenAsync(Session.User, target.ConferenceId, CancellationToken.None) is { } open
            && NavEntries.Any(e => e.Slug == target.Slug && open.May(e.Roles)))
        {
            Navigation.NavigateTo(WorkspaceRoutes.Page(target.ConferenceId, target.Slug), replace: true);
            return;
        }

        OpenRefused = true;
    }
}
