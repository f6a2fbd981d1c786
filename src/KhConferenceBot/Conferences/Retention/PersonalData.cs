using System.ComponentModel.DataAnnotations;

namespace KhConferenceBot.Conferences;

/// <summary>
/// A store that holds people's data for a conference (names, e-mail addresses, Entra ids, answers, question authors).
/// Vietnam's personal data protection law (in force from 2026) wants it kept no longer than its purpose: the retention
/// job and the organizers' "delete now" call every eraser for a conference. Each returns the counts that outlive the
/// rows ("delegates", "attending", ...), so the conference's numbers stay after its people are gone. Erasing twice is
/// harmless (the second time finds nothing and counts nothing).
/// </summary>
public interface IPersonalDataEraser
{
    Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken);
}

/// <summary>What was erased and when, kept on the conference with the counts.</summary>
public sealed record PersonalDataErasure(DateTimeOffset ErasedAt, string ErasedBy, IReadOnlyDictionary<string, int> Counts);

public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>How long an archived conference keeps its people's data (for counts, exports, complaints) before it is erased.</summary>
    [Range(1, 120, ErrorMessage = "Retention:Months must be between 1 and 120.")]
    public int Months { get; set; } = 12;

    /// <summary>How often the job looks for archived conferences past their period.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Retention:CheckEvery must be between 1 minute and 7 days.")]
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromHours(6);
}
