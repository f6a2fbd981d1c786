namespace KhConferenceBot.Workspace;

/// <summary>The workspace's addresses, in one place: the Teams tab, chat links and the pages all build them here.</summary>
public static class WorkspaceRoutes
{
    public const string Root = "/organizer";

    public static string Conference(string conferenceId) => $"{Root}/conferences/{Uri.EscapeDataString(conferenceId)}";

    public static string Page(string conferenceId, string slug) =>
        string.IsNullOrEmpty(slug) ? Conference(conferenceId) : $"{Conference(conferenceId)}/{slug}";
}
