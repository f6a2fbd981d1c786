using KhConferenceBot.Bot;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace KhConferenceBot.Tests.Bot;

public sealed class TurnFollowUpsTests
{
    [Fact]
    public async Task Enqueue_WorkWaitsOnSomethingElse_CallerIsNotHeldAndIdleWaitsForIt()
    {
        var followUps = new TurnFollowUps(new FakeLogger<TurnFollowUps>());
        await followUps.StartAsync(CancellationToken.None);
        var release = new TaskCompletionSource();
        var ran = false;

        followUps.Enqueue("slow", async _ =>
        {
            await release.Task;
            ran = true;
        });

        // Enqueue returned while the work still waits: a turn's answer does not wait for its follow-up.
        var idle = followUps.IdleAsync();
        Assert.False(idle.IsCompleted);
        release.SetResult();
        await idle.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(ran);
        await followUps.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Enqueue_WorkThrows_LoggedAndTheNextStillRuns()
    {
        var log = new FakeLogger<TurnFollowUps>();
        var followUps = new TurnFollowUps(log);
        await followUps.StartAsync(CancellationToken.None);
        var second = false;

        followUps.Enqueue("broken", _ => throw new InvalidOperationException("Azurite went away"));
        followUps.Enqueue("next", _ =>
        {
            second = true;
            return Task.CompletedTask;
        });
        await followUps.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(second);
        var error = Assert.Single(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("broken", error.Message, StringComparison.Ordinal);
        await followUps.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_WorkStillQueued_DrainedBeforeTheHostStops()
    {
        var followUps = new TurnFollowUps(new FakeLogger<TurnFollowUps>());
        await followUps.StartAsync(CancellationToken.None);
        var release = new TaskCompletionSource();
        var done = 0;
        for (var i = 0; i < TurnFollowUps.Workers + 3; i++)
        {
            followUps.Enqueue("queued", async _ =>
            {
                await release.Task;
                Interlocked.Increment(ref done);
            });
        }

        var stopping = followUps.StopAsync(CancellationToken.None);
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(TurnFollowUps.Workers + 3, done);
    }

    [Fact]
    public async Task StopAsync_ShutdownTimeoutPasses_WorkIsCancelledNotAwaitedForever()
    {
        var followUps = new TurnFollowUps(new FakeLogger<TurnFollowUps>());
        await followUps.StartAsync(CancellationToken.None);
        var cancelled = new TaskCompletionSource();
        followUps.Enqueue("stuck", async token =>
        {
            await using var registration = token.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, token);
        });

        using var timeout = new CancellationTokenSource();
        var stopping = followUps.StopAsync(timeout.Token);
        await timeout.CancelAsync();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
