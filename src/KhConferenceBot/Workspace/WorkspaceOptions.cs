using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Workspace;

public sealed class WorkspaceOptions
{
    public const string SectionName = "Workspace";

    /// <summary>How often an open page re-reads what it shows, so answers, sends and questions appear without a reload.</summary>
    [Range(1, 60, ErrorMessage = "Workspace:RefreshSeconds must be between 1 and 60.")]
    public int RefreshSeconds { get; set; } = 3;
}
