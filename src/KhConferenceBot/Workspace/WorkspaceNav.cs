using KhConferenceBot.Common;

namespace KhConferenceBot.Workspace;

/// <summary>
/// One entry of a conference's navigation. A page joins the menu by registering an entry
/// (<see cref="WorkspaceNavExtensions.AddWorkspacePage"/>); the layout lists them in <see cref="Order"/>.
/// </summary>
/// <param name="Slug">The path under /organizer/conferences/{id}/ ("" for the overview).</param>
/// <param name="Roles">Who sees the entry: the page itself still checks its own access.</param>
public sealed record WorkspaceNavEntry(string Slug, BilingualText Title, int Order, WorkspaceAudience Roles = WorkspaceAudience.Organizer);

/// <summary>Which of a conference's people a page is for.</summary>
[Flags]
public enum WorkspaceAudience
{
    Organizer = 1,
    Reception = 2,
}

public static class WorkspaceNavExtensions
{
    public static IServiceCollection AddWorkspacePage(this IServiceCollection services, WorkspaceNavEntry entry) =>
        services.AddSingleton(entry);
}
