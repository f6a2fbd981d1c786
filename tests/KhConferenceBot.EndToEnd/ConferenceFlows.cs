using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KhConferenceBot.EndToEnd.Fixtures;
using KhConferenceBot.EndToEnd.Playground;
using KhConferenceBot.Features.Agenda;

namespace KhConferenceBot.EndToEnd;

/// <summary>
/// The steps of the agenda and questions flows as a Teams user performs them in the Playground, shared by the
/// API-level flow tests and the browser test, so both exercise the same path.
/// </summary>
internal static partial class ConferenceFlows
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Each group-chat step starts a little later in the day. The flows share one group chat on one frozen clock, and
    /// Teams allows a chat 60 messages in 30 s: without time passing, the collection as a whole would exhaust that
    /// window (the bot's send budget then waits, on the fake clock, for a moment that never comes).
    /// </summary>
    private static Task LaterInTheDayAsync(FakeClockStackFixture stack) => stack.AdvanceAgendaClockAsync(TimeSpan.FromSeconds(31), Timeout);

    /// <summary>"@bot gắn hội nghị" by the organizer: the Playground's group chat becomes the conference chat.</summary>
    public static async Task BindGroupChatAsync(FakeClockStackFixture stack)
    {
        await LaterInTheDayAsync(stack);
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.GroupChat, "gắn hội nghị", mentionBot: true);
        await stack.Stream.WaitForMessageAsync(PlaygroundIds.GroupChat, m => m.Text?.Contains("Đã gắn nhóm chat này", StringComparison.Ordinal) == true, Timeout, mark);
    }

    /// <summary>"@bot chương trình" in the group chat; returns the agenda card the bot posted.</summary>
    public static async Task<BotMessage> PostAgendaAsync(FakeClockStackFixture stack)
    {
        await LaterInTheDayAsync(stack);
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.GroupChat, "chương trình", mentionBot: true);
        return await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.GroupChat,
            m => m.Action == "createMessage" && m.CardJson.Contains("Chương trình hội nghị", StringComparison.Ordinal),
            Timeout,
            mark);
    }

    /// <summary>
    /// The organizer's "thay đổi chương trình" in her personal chat, then Preview and Confirm on the form, as the
    /// Playground's Action.Execute does. Returns the preview and the confirmation cards (invoke answers).
    /// </summary>
    public static async Task<(JsonNode Preview, JsonNode Confirmed)> ChangeAgendaItemAsync(FakeClockStackFixture stack, string itemId, string newStart, string newEnd, string reason)
    {
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, "thay đổi chương trình");
        var form = await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.PersonalChat, m => m.CardJson.Contains(ScheduleChangeCards.PreviewVerb, StringComparison.Ordinal), Timeout, mark);
        var formData = FindAction(form.AdaptiveCards.Single(), ScheduleChangeCards.PreviewVerb)?["data"]
            ?? throw new InvalidOperationException($"No preview action on the form: {form}");

        // Action.Execute sends the card's inputs merged into the action's data, as Teams does.
        var inputs = new JsonObject
        {
            ["etag"] = formData["etag"]?.DeepClone(),
            ["item"] = itemId,
            ["start"] = newStart,
            ["end"] = newEnd,
            ["presenter"] = "",
            ["shift"] = "false",
            ["cancel"] = "false",
            ["reason"] = reason,
        };
        var preview = await stack.Playground.ExecuteAsync(PlaygroundIds.MaiAnh, PlaygroundIds.PersonalChat, form.MessageId!, ScheduleChangeCards.PreviewVerb, inputs)
            ?? throw new InvalidOperationException("The preview invoke returned nothing.");
        var confirmData = FindAction(preview, ScheduleChangeCards.ConfirmVerb)?["data"]
            ?? throw new InvalidOperationException($"No confirm action on the preview: {preview.ToJsonString(BotMessage.Readable)}");
        var confirmed = await stack.Playground.ExecuteAsync(PlaygroundIds.MaiAnh, PlaygroundIds.PersonalChat, form.MessageId!, ScheduleChangeCards.ConfirmVerb, confirmData.DeepClone())
            ?? throw new InvalidOperationException("The confirm invoke returned nothing.");
        return (preview, confirmed);
    }

    /// <summary>
    /// "câu hỏi" in the personal chat and a submit on the form it brings, by the Playground's current user (a0, also a
    /// delegate of the sample): the Playground has no 1:1 chat for the other users and refuses their invokes in a0's
    /// ("UserNotFound"), and an invoke sent as a custom activity gives no answer to read the question's number from.
    /// Returns the question's id as the bot's cards carry it ("000001").
    /// </summary>
    public static async Task<string> SubmitQuestionAsync(BotStackFixture stack, string topic, string text)
    {
        var author = PlaygroundIds.MaiAnh;
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, "câu hỏi");
        var form = await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.PersonalChat, m => m.CardJson.Contains("question.submit", StringComparison.Ordinal), Timeout, mark);
        var answer = await stack.Playground.ExecuteAsync(author, PlaygroundIds.PersonalChat, form.MessageId!, "question.submit",
            new JsonObject { ["topic"] = topic, ["text"] = text, ["showName"] = "true" });
        var json = answer?.ToJsonString(BotMessage.Readable) ?? "";
        var received = ReceivedQuestion().Match(json);
        return received.Success
            ? int.Parse(received.Groups[1].Value, CultureInfo.InvariantCulture).ToString("D6", CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The question was not accepted: {json}");
    }

    /// <summary>The organizer opens "bảng câu hỏi" and presses Approve on the question. Returns the refreshed board.</summary>
    public static async Task<JsonNode> ApproveQuestionAsync(FakeClockStackFixture stack, string questionId)
    {
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.PersonalChat, "bảng câu hỏi");
        var board = await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.PersonalChat, m => m.CardJson.Contains("question.approve", StringComparison.Ordinal), Timeout, mark);
        var approve = FindAction(board.AdaptiveCards.Single(), "question.approve", questionId)
            ?? throw new InvalidOperationException($"No Approve button for {questionId} on the board: {board}");
        return await stack.Playground.ExecuteAsync(PlaygroundIds.MaiAnh, PlaygroundIds.PersonalChat, board.MessageId!, "question.approve", approve["data"]!.DeepClone())
            ?? throw new InvalidOperationException("The approve invoke returned nothing.");
    }

    /// <summary>"@bot đăng câu hỏi" by the organizer; returns the questions card posted in the group chat.</summary>
    public static async Task<BotMessage> PostQuestionsAsync(FakeClockStackFixture stack, string mustShow)
    {
        var mark = stack.Stream.Mark();
        await stack.Playground.SendMessageAsync(PlaygroundIds.GroupChat, "đăng câu hỏi", mentionBot: true);
        return await stack.Stream.WaitForMessageAsync(
            PlaygroundIds.GroupChat,
            m => m.Action == "createMessage" && m.CardJson.Contains("Câu hỏi thảo luận", StringComparison.Ordinal) && m.CardJson.Contains(mustShow, StringComparison.Ordinal),
            Timeout,
            mark);
    }

    /// <summary>Presses "Bình chọn" on one question of the group card as <paramref name="voter"/>; returns the card the invoke answered.</summary>
    public static async Task<JsonNode> VoteAsync(FakeClockStackFixture stack, PlaygroundUser voter, string postMessageId, string questionId) =>
        await stack.Playground.ExecuteAsync(voter, PlaygroundIds.GroupChat, postMessageId, "question.vote", new JsonObject { ["id"] = questionId })
        ?? throw new InvalidOperationException("The vote invoke returned nothing.");

    /// <summary>
    /// Moves the bot's clock past the questions card's debounce window until the shared card is PUT with what
    /// <paramref name="predicate"/> wants. Stepping more than once covers the publisher starting its (fake) delay
    /// just after a step, which a single Advance could leave waiting forever.
    /// </summary>
    public static async Task<BotMessage> AdvanceUntilQuestionsCardUpdatedAsync(FakeClockStackFixture stack, string postMessageId, Func<BotMessage, bool> predicate, int after)
    {
        var step = TimeSpan.FromSeconds(11);
        for (var attempt = 1; ; attempt++)
        {
            stack.Clock.Advance(step);
            try
            {
                return await stack.Stream.WaitForMessageAsync(
                    PlaygroundIds.GroupChat,
                    m => m.Action == "updateMessage" && m.MessageId == postMessageId && predicate(m),
                    attempt < 5 ? TimeSpan.FromSeconds(3) : Timeout,
                    after);
            }
            catch (TimeoutException) when (attempt < 5)
            {
                // Not yet: step the clock again.
            }
        }
    }

    /// <summary>The title of the Vote button of one question on a questions card (any JSON holding the card).</summary>
    public static string? VoteTitle(JsonNode card, string questionId) => (string?)FindAction(card, "question.vote", questionId)?["title"];

    /// <summary>The first Action.Execute with this verb (and data.id, when given) anywhere in the JSON.</summary>
    public static JsonNode? FindAction(JsonNode? node, string verb, string? id = null)
    {
        switch (node)
        {
            case JsonObject o:
                if ((string?)o["verb"] == verb && (id is null || (string?)o["data"]?["id"] == id))
                {
                    return o;
                }

                foreach (var (_, child) in o)
                {
                    if (FindAction(child, verb, id) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (FindAction(child, verb, id) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    [GeneratedRegex(@"Đã nhận câu hỏi #(\d+)")]
    private static partial Regex ReceivedQuestion();
}
