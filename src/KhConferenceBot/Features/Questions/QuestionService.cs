using System.Globalization;
using Azure;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Questions;

/// <summary>The outcome of a change: the question as stored, or a message for the person saying why nothing changed.</summary>
public sealed record QuestionOutcome(Question? Question, string? Error)
{
    public static QuestionOutcome Ok(Question question) => new(question, null);

    public static QuestionOutcome Fail(string error) => new(null, error);
}

/// <summary>
/// The rules of the question feature, independent of cards: who may do what until when, how text is checked,
/// and how moderation changes a question. Every identity comes from the turn, never from card data.
/// </summary>
public sealed partial class QuestionService(
    IQuestionStore store,
    IServiceProvider services,
    TimeProvider time,
    IOptions<QuestionsOptions> options,
    ILogger<QuestionService> logger)
{
    public IQuestionStore Store => store;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The configured local deadline on the conference day, else the start of the discussion item.</summary>
    public DateTimeOffset Deadline(Conference conference)
    {
        ArgumentNullException.ThrowIfNull(conference);
        if (AgendaTime.TryParse(options.Value.Deadline) is { } configured)
        {
            return conference.At(configured);
        }

        var discussion = conference.Agenda.FirstOrDefault(a => a.IsDiscussion && !a.Cancelled);
        return discussion is null ? conference.EndsAt : conference.At(discussion.Start);
    }

    /// <summary>Questions are taken until the deadline, and only while the conference's state allows them (not a draft, not closed).</summary>
    public bool IsOpen(Conference conference) => conference.Allows(ConferenceAction.Questions) && Now < Deadline(conference);

    /// <summary>Checks topic and text; returns the Vietnamese/English reason when they are not acceptable.</summary>
    public static string? Validate(TurnContext turn, string? topicCode, string? rawText, out QuestionTopic topic, out string text)
    {
        ArgumentNullException.ThrowIfNull(turn);
        text = "";
        topic = QuestionTopic.Other;
        if (QuestionTopics.Parse(topicCode) is not { } parsed)
        {
            return turn.T("Vui lòng chọn một chủ đề trong danh sách (PAR-Index, SIPAS, PCI, PAPI hoặc Khác).",
                "Please choose a topic from the list (PAR-Index, SIPAS, PCI, PAPI or Other).");
        }

        topic = parsed;
        var normalized = QuestionText.Normalize(rawText);
        if (normalized is null)
        {
            return turn.T("Nội dung có ký tự không hợp lệ. Vui lòng nhập lại.", "The text contains invalid characters. Please type it again.");
        }

        if (normalized.Length == 0)
        {
            return turn.T("Vui lòng nhập nội dung câu hỏi hoặc ý kiến.", "Please type your question or opinion.");
        }

        var length = QuestionText.Length(normalized);
        if (length > QuestionText.MaxLength)
        {
            var over = length - QuestionText.MaxLength;
            return turn.T(
                string.Create(CultureInfo.InvariantCulture, $"Nội dung dài {length} ký tự, vượt quá giới hạn {QuestionText.MaxLength} ký tự. Vui lòng rút gọn {over} ký tự."),
                string.Create(CultureInfo.InvariantCulture, $"The text is {length} characters long; the limit is {QuestionText.MaxLength}. Please shorten it by {over}."));
        }

        text = normalized;
        return null;
    }

    public async Task<QuestionOutcome> SubmitAsync(TurnContext turn, string? topicCode, string? rawText, bool showName)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Identity(turn) is { } refusal)
        {
            return QuestionOutcome.Fail(refusal);
        }

        if (!IsOpen(turn.Conference))
        {
            return QuestionOutcome.Fail(Closed(turn));
        }

        if (Validate(turn, topicCode, rawText, out var topic, out var text) is { } invalid)
        {
            return QuestionOutcome.Fail(invalid);
        }

        var author = await ResolveAuthorAsync(turn, showName).ConfigureAwait(false);
        var now = Now;
        var question = await store.AddAsync(turn.Conference.Id, n => new Question
        {
            Number = n,
            Topic = topic,
            Text = text,
            Author = author,
            State = QuestionState.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        }, turn.CancellationToken).ConfigureAwait(false);
        LogSubmitted(logger, question.Number);
        return QuestionOutcome.Ok(question);
    }

    /// <summary>
    /// Changes the author's own question. An approved question goes back to "pending": organizers approved the
    /// old text, not the new one.
    /// </summary>
    public async Task<QuestionOutcome> EditAsync(TurnContext turn, string? id, string? topicCode, string? rawText, bool showName)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Identity(turn) is { } refusal)
        {
            return QuestionOutcome.Fail(refusal);
        }

        if (Validate(turn, topicCode, rawText, out var topic, out var text) is { } invalid)
        {
            return QuestionOutcome.Fail(invalid);
        }

        return await ChangeOwnAsync(turn, id, q => q with
        {
            Topic = topic,
            Text = text,
            Author = q.Author with { ShowName = showName },
            State = QuestionState.Pending,
            UpdatedAt = Now,
        }).ConfigureAwait(false);
    }

    public Task<QuestionOutcome> WithdrawAsync(TurnContext turn, string? id)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return Identity(turn) is { } refusal
            ? Task.FromResult(QuestionOutcome.Fail(refusal))
            : ChangeOwnAsync(turn, id, q => q with { State = QuestionState.Withdrawn, UpdatedAt = Now });
    }

    public async Task<IReadOnlyList<Question>> MineAsync(TurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var all = await store.ListAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        var me = turn.UserAadObjectId;
        return me is null ? [] : [.. all.Where(q => string.Equals(q.Author.AadObjectId, me, StringComparison.OrdinalIgnoreCase)).OrderByDescending(q => q.Number)];
    }

    /// <summary>One vote per person, keyed by object id; a second click takes it back.</summary>
    public async Task<(VoteToggle? Vote, string? Error)> ToggleVoteAsync(TurnContext turn, string? id)
    {
        ArgumentNullException.ThrowIfNull(turn);
        if (Identity(turn) is { } refusal)
        {
            return (null, refusal);
        }

        if (Question.ParseId(id) is not { } number
            || await store.GetAsync(turn.Conference.Id, number, turn.CancellationToken).ConfigureAwait(false) is not { } question)
        {
            return (null, NotFound(turn.Language));
        }

        if (!question.IsOpenForVotes)
        {
            return (null, question.State switch
            {
                QuestionState.Merged => turn.T($"Câu hỏi {question.Label} đã được gộp vào #{question.MergedInto}; vui lòng bình chọn cho câu hỏi đó.",
                    $"Question {question.Label} was merged into #{question.MergedInto}; please vote for that one."),
                QuestionState.Answered => turn.T($"Câu hỏi {question.Label} đã được trả lời nên không nhận bình chọn nữa.",
                    $"Question {question.Label} has been answered and takes no more votes."),
                _ => turn.T($"Câu hỏi {question.Label} hiện không mở để bình chọn.", $"Question {question.Label} is not open for votes."),
            });
        }

        var vote = await store.ToggleVoteAsync(turn.Conference.Id, number, turn.UserAadObjectId!, turn.Activity.From?.Id, Now, turn.CancellationToken).ConfigureAwait(false);
        LogVoted(logger, number, vote.Voted, vote.Count);
        return (vote, null);
    }

    public static string Closed(TurnContext turn) => turn.T(
        "Đã hết hạn gửi, sửa hoặc rút câu hỏi cho phiên thảo luận.",
        "The deadline for submitting, editing or withdrawing questions has passed.");

    public static string NotFound(Language language) => language.Pick("Không tìm thấy câu hỏi này.", "That question was not found.");

    public static string OrganizersOnly(Language language) => language.Pick("Thao tác này chỉ dành cho Ban Tổ chức hội nghị.", "This is for the conference organizers only.");

    private async Task<QuestionOutcome> ChangeOwnAsync(TurnContext turn, string? id, Func<Question, Question> change)
    {
        if (!IsOpen(turn.Conference))
        {
            return QuestionOutcome.Fail(Closed(turn));
        }

        if (Question.ParseId(id) is not { } number)
        {
            return QuestionOutcome.Fail(NotFound(turn.Language));
        }

        string? error = null;
        var me = turn.UserAadObjectId!;
        var updated = await store.UpdateAsync(turn.Conference.Id, number, q =>
        {
            // Someone else's question answers exactly like a missing one: an id typed into card data reveals nothing.
            if (!string.Equals(q.Author.AadObjectId, me, StringComparison.OrdinalIgnoreCase))
            {
                error = NotFound(turn.Language);
                return null;
            }

            if (q.State is QuestionState.Withdrawn or QuestionState.Merged or QuestionState.Answered or QuestionState.Hidden)
            {
                error = turn.T($"Câu hỏi {q.Label} đang ở trạng thái \"{q.State.Title(Language.Vi)}\" nên không thể thay đổi.",
                    $"Question {q.Label} is \"{q.State.Title(Language.En)}\" and can no longer be changed.");
                return null;
            }

            return change(q);
        }, turn.CancellationToken).ConfigureAwait(false);
        if (updated is null)
        {
            return QuestionOutcome.Fail(NotFound(turn.Language));
        }

        if (error is not null)
        {
            LogRefusedChange(logger, number);
            return QuestionOutcome.Fail(error);
        }

        return QuestionOutcome.Ok(updated);
    }

    private static string? Identity(TurnContext turn) => string.IsNullOrEmpty(turn.UserAadObjectId)
        ? turn.T("Không xác định được tài khoản của bạn trong Teams. Vui lòng dùng tài khoản của cơ quan.", "Your Teams account could not be identified. Please use your work account.")
        : null;

    /// <summary>Name and unit from the delegate list when it knows the person; otherwise the Teams display name.</summary>
    private async Task<QuestionAuthor> ResolveAuthorAsync(TurnContext turn, bool showName)
    {
        var aad = turn.UserAadObjectId!;
        var name = string.IsNullOrWhiteSpace(turn.UserName) ? turn.T("Đại biểu", "Delegate") : turn.UserName.Trim();
        string? unit = null;
        if (services.GetService<IDelegateStore>() is { } delegates)
        {
            try
            {
                var person = await delegates.FindByAadObjectIdAsync(turn.Conference.Id, aad, turn.CancellationToken).ConfigureAwait(false);
                if (person is not null)
                {
                    name = person.Name;
                    unit = person.Organisation ?? person.District;
                }
            }
            catch (RequestFailedException e)
            {
                // The delegate list is a nicety here; a question is never refused because it is unavailable.
                LogDelegateLookupFailed(logger, e.Status);
            }
        }

        return new QuestionAuthor(aad, name, unit, showName);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question {Number} submitted")]
    private static partial void LogSubmitted(ILogger logger, int number);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Vote on question {Number}: voted={Voted}, count={Count}")]
    private static partial void LogVoted(ILogger logger, int number, bool voted, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a change to question {Number}: not the author's or no longer changeable")]
    private static partial void LogRefusedChange(ILogger logger, int number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delegate lookup failed with status {Status}; using the Teams name")]
    private static partial void LogDelegateLookupFailed(ILogger logger, int status);
}
