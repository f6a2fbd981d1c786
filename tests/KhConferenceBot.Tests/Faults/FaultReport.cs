using KhConferenceBot.Outbox;
using KhConferenceBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace KhConferenceBot.Tests.Faults;

/// <summary>What a fault run delivered: per recipient chat, how often Teams took the message; and how the rows ended.</summary>
internal sealed record FaultReport(string Fault, int Recipients, int Delivered, int Duplicates, int Lost, int RowsSent, TimeSpan SimulatedTime)
{
    public static async Task<FaultReport> MeasureAsync(string fault, BotTestHost host, FakeConnector connector, string purpose, IReadOnlyCollection<string> conversations, DateTimeOffset start)
    {
        var delivered = connector.Sends.Where(c => c.Status == 200).GroupBy(c => c.ConversationId).ToDictionary(g => g.Key, g => g.Count());
        var counts = await host.Service<IOutbox>().CountsAsync(purpose, CancellationToken.None);
        return new FaultReport(
            fault,
            conversations.Count,
            conversations.Count(delivered.ContainsKey),
            delivered.Values.Sum(n => n - 1),
            conversations.Count(c => !delivered.ContainsKey(c)),
            counts.Sent,
            host.Time.GetUtcNow() - start);
    }

    public void WriteTo(ITestOutputHelper output) =>
        output.WriteLine($"{Fault}: recipients {Recipients}, delivered {Delivered}, duplicates {Duplicates}, lost {Lost}, rows sent {RowsSent}, simulated time {SimulatedTime.TotalSeconds:0.#} s");

    /// <summary>Exactly once, nothing lost, every row recorded as sent.</summary>
    public void AssertExactlyOnce()
    {
        Assert.Equal(0, Lost);
        Assert.Equal(0, Duplicates);
        Assert.Equal(Recipients, Delivered);
        Assert.Equal(Recipients, RowsSent);
    }
}
