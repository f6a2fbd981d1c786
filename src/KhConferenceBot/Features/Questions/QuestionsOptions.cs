using System.ComponentModel.DataAnnotations;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Questions;

public sealed class QuestionsOptions
{
    public const string SectionName = "Questions";

    /// <summary>
    /// Local time on the conference day ("10:45", "10h45") after which questions can no longer be submitted, edited
    /// or withdrawn. Empty: the start of the discussion item of the agenda.
    /// </summary>
    public string? Deadline { get; set; }

    /// <summary>The questions card in the group chat is rewritten for everyone at most once per this many seconds.</summary>
    [Range(1, 3600, ErrorMessage = "Questions:VoteUpdateSeconds must be between 1 and 3600.")]
    public int VoteUpdateSeconds { get; set; } = 10;

    [Range(1, 30, ErrorMessage = "Questions:PageSize must be between 1 and 30.")]
    public int PageSize { get; set; } = 10;

    /// <summary>Post the approved questions in the group chat by itself when the discussion starts.</summary>
    public bool AutoPost { get; set; } = true;

    /// <summary>How long a signed export link in the board card stays valid.</summary>
    [Range(1, 1440, ErrorMessage = "Questions:ExportLinkMinutes must be between 1 and 1440.")]
    public int ExportLinkMinutes { get; set; } = 15;

    internal bool HasValidDeadline => string.IsNullOrWhiteSpace(Deadline) || AgendaTime.TryParse(Deadline) is not null;
}
