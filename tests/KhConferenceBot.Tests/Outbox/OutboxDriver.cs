using KhConferenceBot.Outbox;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Outbox;

/// <summary>
/// Moves the fake clock for one or more bot hosts: waits until every outbox sender is idle (nothing in flight, only
/// waiting for time), then advances to the earliest moment one of them said it would look again. No sleeps.
/// </summary>
internal static class OutboxDriver
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);

    public static async Task RunUntilAsync(FakeTimeProvider time, IEnumerable<BotTestHost> hosts, Func<Task<bool>> done, TimeSpan? limit = null)
    {
        var senders = hosts.Select(h => h.Service<OutboxSender>()).ToList();
        var deadline = time.GetUtcNow() + (limit ?? TimeSpan.FromHours(1));
        while (true)
        {
            await Task.WhenAll(senders.Select(s => s.WhenIdleAsync())).WaitAsync(IdleTimeout);
            if (await done())
            {
                return;
            }

            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                throw new TimeoutException($"Outbox did not reach the expected state within {limit ?? TimeSpan.FromHours(1)} of simulated time.");
            }

            var next = senders.Select(s => s.NextWakeAt).Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(now + TimeSpan.FromSeconds(1)).Min();
            time.Advance(next > now ? next - now : TimeSpan.FromMilliseconds(1));
        }
    }

    public static Task RunUntilAsync(BotTestHost host, Func<Task<bool>> done, TimeSpan? limit = null) =>
        RunUntilAsync(host.Time, [host], done, limit);

    public static Func<Task<bool>> AllSettled(BotTestHost host, string purpose, int count) => async () =>
    {
        var counts = await host.Service<IOutbox>().CountsAsync(purpose, CancellationToken.None);
        return counts.Sent + counts.Failed >= count;
    };
}
