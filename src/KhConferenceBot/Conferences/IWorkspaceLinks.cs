namespace KhConferenceBot.Conferences;

/// <summary>
/// Where a chat answer with a long list sends organizers: the workspace on one conference (and one of its pages).
/// Declared here so the features can link to it without knowing the workspace, which builds on them;
/// Workspace/TabLinks implements it.
/// </summary>
public interface IWorkspaceLinks
{
    /// <param name="slug">The page under the conference ("" for its overview, "questions", …).</param>
    Uri ForChat(string conferenceId, string label, string slug = "");
}
