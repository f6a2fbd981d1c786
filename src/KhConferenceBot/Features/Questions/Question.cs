using System.Globalization;
using System.Text;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;

namespace KhConferenceBot.Features.Questions;

public enum QuestionTopic
{
    ParIndex,
    Sipas,
    Pci,
    Papi,
    Other,
}

public enum QuestionState
{
    /// <summary>Submitted, waiting for an organizer.</summary>
    Pending,

    /// <summary>Shown to the delegates in the group chat and open for votes.</summary>
    Approved,

    /// <summary>Answered during the discussion; still shown, no longer open for votes.</summary>
    Answered,

    /// <summary>Hidden by an organizer.</summary>
    Hidden,

    /// <summary>Folded into another question (<see cref="Question.MergedInto"/>).</summary>
    Merged,

    /// <summary>Withdrawn by its author; kept so nothing submitted is ever lost.</summary>
    Withdrawn,
}

/// <summary>A person who asked a question: its author, or the author of a duplicate merged into it.</summary>
public sealed record QuestionAuthor(string AadObjectId, string Name, string? Unit, bool ShowName);

/// <summary>One delegate question. <see cref="Number"/> is both its id and the "#12" people see.</summary>
public sealed record Question
{
    public required int Number { get; init; }

    public required QuestionTopic Topic { get; init; }

    /// <summary>NFC-normalised, trimmed text exactly as the delegate wrote it; only ever shown escaped.</summary>
    public required string Text { get; init; }

    public required QuestionAuthor Author { get; init; }

    /// <summary>Authors of duplicates merged into this question.</summary>
    public IReadOnlyList<QuestionAuthor> CoAuthors { get; init; } = [];

    public QuestionState State { get; init; }

    public int? MergedInto { get; init; }

    public int Votes { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public DateTimeOffset? AnsweredAt { get; init; }

    public string Id => FormatId(Number);

    public string Label => "#" + Number.ToString(CultureInfo.InvariantCulture);

    public bool IsOpenForVotes => State == QuestionState.Approved;

    /// <summary>What the group chat shows: approved and answered questions.</summary>
    public bool IsPublished => State is QuestionState.Approved or QuestionState.Answered;

    public static string FormatId(int number) => number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Reads an id from card data: digits only, optionally with a leading '#'. Anything else is null.</summary>
    public static int? ParseId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        var text = id.Trim().TrimStart('#');
        return text.Length is > 0 and <= 9 && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }
}

public static class QuestionTopics
{
    public static readonly IReadOnlyList<QuestionTopic> All = [QuestionTopic.ParIndex, QuestionTopic.Sipas, QuestionTopic.Pci, QuestionTopic.Papi, QuestionTopic.Other];

    /// <summary>The value a card sends: stable, language-neutral.</summary>
    public static string Code(this QuestionTopic topic) => topic switch
    {
        QuestionTopic.ParIndex => "par-index",
        QuestionTopic.Sipas => "sipas",
        QuestionTopic.Pci => "pci",
        QuestionTopic.Papi => "papi",
        _ => "other",
    };

    public static string Title(this QuestionTopic topic, Language language) => topic switch
    {
        QuestionTopic.ParIndex => "PAR-Index",
        QuestionTopic.Sipas => "SIPAS",
        QuestionTopic.Pci => "PCI",
        QuestionTopic.Papi => "PAPI",
        _ => language.Pick("Khác", "Other"),
    };

    public static QuestionTopic? Parse(string? code) =>
        All.Cast<QuestionTopic?>().FirstOrDefault(t => string.Equals(t!.Value.Code(), code?.Trim(), StringComparison.OrdinalIgnoreCase));
}

public static class QuestionStates
{
    public static string Title(this QuestionState state, Language language) => state switch
    {
        QuestionState.Pending => language.Pick("Chờ duyệt", "Pending"),
        QuestionState.Approved => language.Pick("Đã duyệt", "Approved"),
        QuestionState.Answered => language.Pick("Đã trả lời", "Answered"),
        QuestionState.Hidden => language.Pick("Đã ẩn", "Hidden"),
        QuestionState.Merged => language.Pick("Đã gộp", "Merged"),
        _ => language.Pick("Đã rút lại", "Withdrawn"),
    };
}

/// <summary>
/// Length as a person counts it: user-perceived characters (grapheme clusters) of the NFC form, so "ế" typed as
/// e + two combining marks is one character, as it is on screen.
/// </summary>
public static class QuestionText
{
    public const int MaxLength = 1000;

    /// <summary>The NFC form, trimmed; null when the text is not valid Unicode (a lone surrogate cannot be normalised).</summary>
    public static string? Normalize(string? text)
    {
        try
        {
            return (text ?? "").Normalize(NormalizationForm.FormC).Trim();
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    public static int Length(string normalized) => new StringInfo(normalized).LengthInTextElements;
}
