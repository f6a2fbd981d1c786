using System.Net;
using KhConferenceBot.Bot;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using KhConferenceBot.Tests.Outbox;

namespace KhConferenceBot.Tests.Bot;

[Collection(StorageCollection.Name)]
public sealed class TurnRepliesTests(AzuriteFixture storage)
{
    /// <summary>Any turn, budget or not, answers its HTTP request within this (real) time; the fake clock never moves meanwhile.</summary>
    private static readonly TimeSpan HangDetector = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SendAsync_ConversationBudgetExhausted_TurnsAnswerAtOnceAndRepliesFollowThroughTheOutboxInOrder()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        var conversation = TestUsers.Hung.PersonalConversationId;

        // Twelve messages in the same instant: Teams allows 7 per second per conversation. Before, the eighth turn held
        // its request open waiting for the budget (and, with the clock stopped, forever).
        var words = Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? "english" : "tiếng việt").ToList();
        foreach (var word in words)
        {
            using var response = await host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, word)).WaitAsync(HangDetector);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var inline = host.Connector.SentTo(conversation).Count;
        var queued = host.Service<TurnReplies>().QueuedCount;
        Assert.InRange(inline, 1, 8);
        Assert.Equal(words.Count, inline + queued);

        var purpose = TurnReplies.Purpose(BotTestHost.SampleId);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, purpose, (int)queued));

        var answers = host.Connector.SentTo(conversation).Where(c => c.Status == 200)
            .Select(c => c.Text.StartsWith("I will speak English", StringComparison.Ordinal) ? "english" : "tiếng việt")
            .ToList();
        Assert.Equal(words, answers);
        Assert.Equal(new OutboxCounts(0, 0, (int)queued, 0), await host.Service<IOutbox>().CountsAsync(purpose, CancellationToken.None));
    }

    [Fact]
    public async Task SendAsync_AfterTheQueuedRepliesWereSent_AnswersInlineAgain()
    {
        await using var host = await BotTestHost.StartAsync(storage, OutboxTestData.Settings());
        var conversation = TestUsers.Hung.PersonalConversationId;
        for (var i = 0; i < 10; i++)
        {
            using var response = await host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "english")).WaitAsync(HangDetector);
        }

        var queued = host.Service<TurnReplies>().QueuedCount;
        Assert.True(queued > 0);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, TurnReplies.Purpose(BotTestHost.SampleId), (int)queued));
        host.Time.Advance(TimeSpan.FromSeconds(3));

        var before = host.Connector.SentTo(conversation).Count;
        using (await host.PostAsync(Activities.PersonalMessage(TestUsers.Hung, "tiếng việt")).WaitAsync(HangDetector))
        {
        }

        Assert.Equal(queued, host.Service<TurnReplies>().QueuedCount);
        Assert.Equal(before + 1, host.Connector.SentTo(conversation).Count);
        Assert.StartsWith("Từ nay", host.Connector.SentTo(conversation)[^1].Text, StringComparison.Ordinal);
    }
}
