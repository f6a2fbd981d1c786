using System.Text.Json;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Questions;

/// <summary>Drives the question feature through the real bot: the same invokes Teams sends for the cards.</summary>
internal static class QuestionTestKit
{
    public const string ConferenceId = "khanh-hoa-2023";

    /// <summary>The discussion item starts at 10h45 in Viet Nam on the conference day.</summary>
    public static readonly DateTimeOffset DiscussionStart = new(2026, 12, 1, 3, 45, 0, TimeSpan.Zero);

    public static Task<JsonElement> SubmitAsync(this BotTestHost host, TestUser user, string text, string topic = "pci", bool showName = true) =>
        host.InvokeAsync(Activities.Execute(user, "question.submit", new Dictionary<string, object?> { ["topic"] = topic, ["text"] = text, ["showName"] = showName ? "true" : "false" }));

    public static Task<JsonElement> ActAsync(this BotTestHost host, TestUser user, string verb, object? data = null, bool inGroup = false) =>
        host.InvokeAsync(inGroup
            ? Activities.Execute(user, verb, data, conversationId: TestUsers.GroupChatId, conversationType: ConversationTypes.GroupChat)
            : Activities.Execute(user, verb, data));

    /// <summary>Submits and returns the new question's id ("000001").</summary>
    public static async Task<string> AskAsync(this BotTestHost host, TestUser user, string text, string topic = "pci", bool showName = true)
    {
        var body = await host.SubmitAsync(user, text, topic, showName);
        Assert.Equal(200, body.GetProperty("statusCode").GetInt32());
        var label = Texts(body).First(t => t.StartsWith("Đã nhận câu hỏi #", StringComparison.Ordinal));
        var number = int.Parse(label["Đã nhận câu hỏi #".Length..].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
        return Question.FormatId(number);
    }

    public static async Task ApproveAsync(this BotTestHost host, params string[] ids)
    {
        foreach (var id in ids)
        {
            AssertCard(await host.ActAsync(TestUsers.Organizer, "question.approve", new { id }));
        }
    }

    public static void AssertCard(JsonElement body)
    {
        Assert.True(body.GetProperty("statusCode").GetInt32() == 200 && body.GetProperty("type").GetString() == "application/vnd.microsoft.card.adaptive",
            "expected a card, got " + body.GetRawText());
    }

    /// <summary>The refusal text of an error invoke response; fails when the response is not an error.</summary>
    public static string AssertRefused(JsonElement body, int status = 400)
    {
        Assert.Equal(status, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
        return body.GetProperty("value").GetProperty("message").GetString()!;
    }

    /// <summary>Every "text", "title" and "value" string in a card (or an invoke body holding one), in document order, fallbacks left out.</summary>
    public static List<string> Texts(JsonElement element)
    {
        var found = new List<string>();
        Walk(element, found);
        return found;
    }

    public static List<string> Texts(string cardJson) => Texts(JsonDocument.Parse(cardJson).RootElement);

    public static JsonElement Card(JsonElement invokeBody) => invokeBody.GetProperty("value");

    public static async Task<IReadOnlyList<Question>> QuestionsAsync(this BotTestHost host) =>
        await host.Service<IQuestionStore>().ListAsync(ConferenceId, CancellationToken.None);

    public static async Task<Question> QuestionAsync(this BotTestHost host, string id) =>
        (await host.Service<IQuestionStore>().GetAsync(ConferenceId, Question.ParseId(id)!.Value, CancellationToken.None))!;

    private static void Walk(JsonElement element, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "fallback")
                    {
                        // The Action.Submit twin of every Action.Execute repeats its title.
                        continue;
                    }

                    if (property.Value.ValueKind == JsonValueKind.String && property.Name is "text" or "title" or "value")
                    {
                        found.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Walk(property.Value, found);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, found);
                }

                break;
        }
    }
}
