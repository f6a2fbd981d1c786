using System.Globalization;
using System.Text.Json;
using KhConferenceBot.Api;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Questions;

internal sealed class AskQuestionCommand(QuestionService questions) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "question", ["câu hỏi", "đặt câu hỏi", "gửi câu hỏi", "ý kiến"], ["question", "ask"], CommandScope.Personal, OrganizerOnly: false,
        "Gửi câu hỏi, ý kiến cho phiên thảo luận", "Submit a question or opinion for the discussion");

    public Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);
        return questions.IsOpen(turn.Conference)
            ? turn.SendCardAsync(QuestionCards.Form(turn.Conference, turn.Language, questions.Deadline(turn.Conference)), turn.T("Gửi câu hỏi", "Ask a question"))
            : turn.SendTextAsync(QuestionService.Closed(turn));
    }
}

internal sealed class MyQuestionsCommand(QuestionService questions) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "my-questions", ["câu hỏi của tôi"], ["my questions"], CommandScope.Personal, OrganizerOnly: false,
        "Xem, sửa hoặc rút lại câu hỏi đã gửi", "See, edit or withdraw your questions");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var mine = await questions.MineAsync(turn).ConfigureAwait(false);
        await turn.SendCardAsync(QuestionCards.Mine(turn.Conference, turn.Language, mine, questions.IsOpen(turn.Conference), questions.Deadline(turn.Conference)),
            turn.T("Câu hỏi của tôi", "My questions")).ConfigureAwait(false);
    }
}

internal sealed class QuestionBoardCommand(QuestionBoard board) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "question-board", ["bảng câu hỏi"], ["question board"], CommandScope.Personal, OrganizerOnly: true,
        "Duyệt, ẩn, gộp câu hỏi và xuất danh sách", "Moderate, merge and export the questions");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var card = await board.BuildAsync(turn, new QuestionCards.BoardView(0, ByVotes: false)).ConfigureAwait(false);
        await turn.SendCardAsync(card, turn.T("Bảng câu hỏi", "Question board")).ConfigureAwait(false);
    }
}

internal sealed class PostQuestionsCommand(QuestionPublisher publisher) : IBotCommand
{
    public CommandDescriptor Descriptor { get; } = new(
        "post-questions", ["đăng câu hỏi"], ["post questions"], CommandScope.Group, OrganizerOnly: true,
        "Đăng các câu hỏi đã duyệt để đại biểu bình chọn", "Post the approved questions for delegates to vote on");

    public async Task ExecuteAsync(TurnContext turn, string argument)
    {
        ArgumentNullException.ThrowIfNull(turn);

        // The conference group chat this feature knows wins; the first time, the chat the command came from becomes it.
        var outcome = await publisher.PostToGroupChatAsync(turn.Conference, turn.Actor, QuestionBoard.Here(turn), turn.CancellationToken).ConfigureAwait(false);
        if (outcome.Post is not { } post)
        {
            await turn.SendTextAsync(outcome.Error!).ConfigureAwait(false);
        }
        else if (!string.Equals(post.ConversationId, turn.ConversationId, StringComparison.Ordinal))
        {
            await turn.SendTextAsync(turn.T("Đã đăng các câu hỏi đã duyệt vào nhóm chat hội nghị.", "The approved questions were posted in the conference group chat.")).ConfigureAwait(false);
        }
    }
}

/// <summary>Remembers the group chat the bot is added to, so the automatic post at the discussion knows where to go.</summary>
internal sealed class RememberGroupOnInstall(IQuestionPostStore posts, TimeProvider time) : IConversationEventHandler
{
    public async Task OnConversationEventAsync(TurnContext turn, ConversationEvent conversationEvent)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(conversationEvent);
        if (conversationEvent.Kind == ConversationEventKind.BotInstalled && !turn.IsPersonal && turn.HasConference && !string.IsNullOrEmpty(turn.Activity.ServiceUrl))
        {
            await posts.SavePostAsync(turn.Conference.Id, QuestionPublisher.GroupChat, QuestionBoard.Here(turn) with { PostedAt = time.GetUtcNow() }, turn.CancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>Builds the organizers' board card with the export links.</summary>
public sealed class QuestionBoard(IQuestionStore store, LinkSigner links, IWorkspaceLinks workspace, IOptions<QuestionsOptions> options)
{
    public async Task<JsonElement> BuildAsync(TurnContext turn, QuestionCards.BoardView view)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var all = await store.ListAsync(turn.Conference.Id, turn.CancellationToken).ConfigureAwait(false);
        var lifetime = TimeSpan.FromMinutes(options.Value.ExportLinkMinutes);
        var exports = new List<(string, Uri)>
        {
            // The long list, with filters and every action, is the workspace's Questions page.
            (turn.T("Mở trang tổ chức", "Open the workspace"), workspace.ForChat(turn.Conference.Id, turn.Conference.ShortName.Get(turn.Language), "questions")),
            (turn.T("Tải CSV", "Download CSV"), links.Create(QuestionDownloads.Name, "csv", turn.Conference.Id, lifetime).Url),
            (turn.T("Tải Excel", "Download Excel"), links.Create(QuestionDownloads.Name, "xlsx", turn.Conference.Id, lifetime).Url),
        };

        return QuestionCards.Board(turn.Conference, turn.Language, all, view, options.Value.PageSize, exports);
    }

    internal static QuestionPost Here(TurnContext turn) => new(
        turn.Activity.ServiceUrl ?? "",
        turn.ConversationId,
        turn.Activity.Conversation?.ConversationType,
        turn.Activity.TenantId,
        turn.Activity.Recipient?.Id,
        null,
        DateTimeOffset.MinValue);
}

/// <summary>Every card button of the feature ("question.*"). Organizer actions check the organizer list again here.</summary>
internal sealed class QuestionCardActions(QuestionService questions, QuestionBoard board, QuestionPublisher publisher) : ICardActionHandler
{
    public string VerbPrefix => "question.";

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardAction action)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(action);
        var conference = turn.Conference;
        var id = action.GetString("id");
        if (!turn.IsPersonal && action.Verb is "question.board" or "question.approve" or "question.hide" or "question.answer" or "question.merge")
        {
            // The board names every author, even those anonymous to the other delegates.
            return CardActionResult.PersonalChatOnly(turn);
        }

        switch (action.Verb)
        {
            case "question.new":
                return questions.IsOpen(conference)
                    ? CardActionResult.ReplaceCard(QuestionCards.Form(conference, turn.Language, questions.Deadline(conference)))
                    : CardActionResult.Refuse(QuestionService.Closed(turn), "closed");

            case "question.submit":
            {
                var outcome = await questions.SubmitAsync(turn, action.GetString(QuestionCards.TopicInput), RawText(action), action.GetBool(QuestionCards.ShowNameInput)).ConfigureAwait(false);
                return outcome.Question is { } q
                    ? CardActionResult.ReplaceCard(QuestionCards.Confirmation(conference, turn.Language, q, edited: false))
                    : CardActionResult.Refuse(outcome.Error!, "invalid");
            }

            case "question.mine":
                return await MineAsync(turn).ConfigureAwait(false);

            case "question.edit":
            {
                if (!questions.IsOpen(conference))
                {
                    return CardActionResult.Refuse(QuestionService.Closed(turn), "closed");
                }

                var mine = await questions.MineAsync(turn).ConfigureAwait(false);
                var q = Question.ParseId(id) is { } n ? mine.FirstOrDefault(m => m.Number == n) : null;
                return q is null || q.State is not (QuestionState.Pending or QuestionState.Approved)
                    ? CardActionResult.Refuse(QuestionService.NotFound(turn.Language), "notFound", 404)
                    : CardActionResult.ReplaceCard(QuestionCards.Form(conference, turn.Language, questions.Deadline(conference), q));
            }

            case "question.update":
            {
                var outcome = await questions.EditAsync(turn, id, action.GetString(QuestionCards.TopicInput), RawText(action), action.GetBool(QuestionCards.ShowNameInput)).ConfigureAwait(false);
                if (outcome.Question is not { } q)
                {
                    return CardActionResult.Refuse(outcome.Error!, "refused");
                }

                publisher.MarkChanged(turn.Conference.Id);
                return CardActionResult.ReplaceCard(QuestionCards.Confirmation(conference, turn.Language, q, edited: true));
            }

            case "question.withdraw":
            {
                var outcome = await questions.WithdrawAsync(turn, id).ConfigureAwait(false);
                if (outcome.Question is null)
                {
                    return CardActionResult.Refuse(outcome.Error!, "refused");
                }

                publisher.MarkChanged(turn.Conference.Id);
                return await MineAsync(turn).ConfigureAwait(false);
            }

            case "question.board":
                return turn.IsOrganizer
                    ? CardActionResult.ReplaceCard(await board.BuildAsync(turn, View(action)).ConfigureAwait(false))
                    : CardActionResult.Refuse(QuestionService.OrganizersOnly(turn.Language), "forbidden", 403);

            case "question.approve":
            case "question.hide":
            case "question.answer":
            {
                var state = action.Verb switch
                {
                    "question.approve" => QuestionState.Approved,
                    "question.hide" => QuestionState.Hidden,
                    _ => QuestionState.Answered,
                };
                var outcome = await questions.ModerateAsync(conference, turn.Actor, id, state, turn.CancellationToken).ConfigureAwait(false);
                return await AfterModerationAsync(turn, action, outcome).ConfigureAwait(false);
            }

            case "question.merge":
            {
                var outcome = await questions.MergeAsync(conference, turn.Actor, id, action.GetString(QuestionCards.TargetInput), turn.CancellationToken).ConfigureAwait(false);
                return await AfterModerationAsync(turn, action, outcome).ConfigureAwait(false);
            }

            case "question.vote":
            {
                var (vote, error) = await questions.ToggleVoteAsync(turn, id).ConfigureAwait(false);
                if (vote is null)
                {
                    return CardActionResult.Refuse(error!, "refused");
                }

                publisher.MarkChanged(turn.Conference.Id);

                // Action.Execute: this person's own view. The Action.Submit fallback replaces the card for everyone
                // (the router PUTs it), so it must be the shared view.
                var viewer = action.IsInvoke ? turn.UserAadObjectId : null;
                return CardActionResult.ReplaceCard(await publisher.BuildCardAsync(conference, turn.Language, viewer, turn.CancellationToken).ConfigureAwait(false));
            }

            case "question.refresh":
                return CardActionResult.ReplaceCard(await publisher.BuildCardAsync(conference, turn.Language, action.IsInvoke ? turn.UserAadObjectId : null, turn.CancellationToken).ConfigureAwait(false));

            default:
                return CardActionResult.Refuse(turn.T("Thẻ này đã cũ. Gõ **câu hỏi** để bắt đầu lại.", "This card is out of date. Type **question** to start again."), "unknownAction");
        }
    }

    private async Task<CardActionResult> MineAsync(TurnContext turn)
    {
        var mine = await questions.MineAsync(turn).ConfigureAwait(false);
        return CardActionResult.ReplaceCard(QuestionCards.Mine(turn.Conference, turn.Language, mine, questions.IsOpen(turn.Conference), questions.Deadline(turn.Conference)));
    }

    private async Task<CardActionResult> AfterModerationAsync(TurnContext turn, CardAction action, QuestionOutcome outcome)
    {
        if (outcome.Question is null)
        {
            return CardActionResult.Refuse(outcome.Error!, turn.IsOrganizer ? "refused" : "forbidden", turn.IsOrganizer ? 400 : 403);
        }

        publisher.MarkChanged(turn.Conference.Id);
        return CardActionResult.ReplaceCard(await board.BuildAsync(turn, View(action)).ConfigureAwait(false));
    }

    /// <summary>
    /// The text input exactly as sent, untrimmed and unnormalised (CardAction.GetString trims, which is fine, but a
    /// non-string value must be refused, not coerced).
    /// </summary>
    private static string? RawText(CardAction action) => action.GetString(QuestionCards.TextInputId);

    private static QuestionCards.BoardView View(CardAction action)
    {
        var page = 0;
        if (action.Data.TryGetProperty("page", out var p))
        {
            if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n))
            {
                page = n;
            }
            else if (p.ValueKind == JsonValueKind.String && int.TryParse(p.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
            {
                page = s;
            }
        }

        return new QuestionCards.BoardView(Math.Clamp(page, 0, 100_000), string.Equals(action.GetString("sort"), "votes", StringComparison.Ordinal));
    }
}
