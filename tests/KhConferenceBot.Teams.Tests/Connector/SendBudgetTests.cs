using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class SendBudgetTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));

    private SendBudget CreateBudget(Action<SendBudgetOptions>? configure = null)
    {
        var options = new SendBudgetOptions();
        configure?.Invoke(options);
        return new SendBudget(Options.Create(options), _time);
    }

    private static int AcquireAllNow(SendBudget budget, BudgetOperation operation, string conversationId, string? tenantId, int attempts)
    {
        var admitted = 0;
        for (var i = 0; i < attempts; i++)
        {
            if (budget.TryAcquire(operation, conversationId, tenantId, out _))
            {
                admitted++;
            }
        }

        return admitted;
    }

    [Fact]
    public void TryAcquire_EighthSendWithinOneSecond_RefusedWithRetryAfterBeyondWindow()
    {
        var budget = CreateBudget();
        Assert.Equal(7, AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 7));

        Assert.False(budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out var retryAfter));

        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"retry after {retryAfter}");
        Assert.True(retryAfter <= TimeSpan.FromSeconds(1.2), $"retry after {retryAfter}");
    }

    [Fact]
    public void TenantWait_TenantWindowFullThenFreed_SaysHowLongAndRecordsNothing()
    {
        var budget = CreateBudget(o => o.TenantWindows = [new RateWindow(3, TimeSpan.FromSeconds(1))]);
        Assert.Equal(TimeSpan.Zero, budget.TenantWait("t"));
        for (var i = 0; i < 3; i++)
        {
            Assert.True(budget.TryAcquire(BudgetOperation.Send, $"a:c{i}", "t", out _));
        }

        var wait = budget.TenantWait("t");
        Assert.InRange(wait, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.Equal(TimeSpan.Zero, budget.TenantWait("other tenant"));

        _time.Advance(wait);

        // Asking did not take a slot: all three of the next window are there.
        Assert.Equal(TimeSpan.Zero, budget.TenantWait("t"));
        Assert.Equal(TimeSpan.Zero, budget.TenantWait("t"));
        Assert.Equal(3, AcquireAllNow(budget, BudgetOperation.Send, "a:c9", "t", 3));
    }

    [Fact]
    public void TryAcquire_AfterRetryAfterElapsed_Admitted()
    {
        var budget = CreateBudget();
        AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 7);
        budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out var retryAfter);

        _time.Advance(retryAfter);

        Assert.True(budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out _));
    }

    [Fact]
    public void TryAcquire_NinthSendWithinTwoSeconds_Refused()
    {
        var budget = CreateBudget();
        AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 7);
        _time.Advance(TimeSpan.FromSeconds(1.2));
        Assert.True(budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out _));

        Assert.False(budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out var retryAfter));
        Assert.True(retryAfter >= TimeSpan.FromSeconds(0.8), $"8 per 2 s still binds: {retryAfter}");
    }

    [Fact]
    public void TryAcquire_OtherConversation_HasItsOwnWindow()
    {
        var budget = CreateBudget();
        AcquireAllNow(budget, BudgetOperation.Send, "a:c1", "t", 7);

        Assert.True(budget.TryAcquire(BudgetOperation.Send, "a:c2", "t", out _));
    }

    [Fact]
    public void TryAcquire_MemberReads_UseTheirOwnLargerBucket()
    {
        var budget = CreateBudget();
        AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 7);

        Assert.Equal(14, AcquireAllNow(budget, BudgetOperation.GetMembers, "a:c", "t", 20));
    }

    [Fact]
    public void TryAcquire_51stOpOfTenantWithinOneSecond_RefusedAcrossConversations()
    {
        var budget = CreateBudget();
        var admitted = 0;
        for (var i = 0; i < 60; i++)
        {
            var operation = i % 2 == 0 ? BudgetOperation.Send : BudgetOperation.GetMembers;
            if (budget.TryAcquire(operation, $"a:c{i}", "t", out _))
            {
                admitted++;
            }
        }

        Assert.Equal(50, admitted);
        Assert.True(budget.TryAcquire(BudgetOperation.Send, "a:other-tenant-conv", "t2", out _));
    }

    [Fact]
    public void TryAcquire_SixtyFirstSendIn30Seconds_Refused()
    {
        var budget = CreateBudget();
        for (var i = 0; i < 60; i++)
        {
            Assert.True(budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out _), $"send {i} at two per second");
            _time.Advance(TimeSpan.FromSeconds(0.5));
        }

        Assert.False(budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out var retryAfter));
        Assert.True(retryAfter >= TimeSpan.FromSeconds(3), $"the first send leaves the (30 s + margin) window only then: {retryAfter}");
    }

    [Fact]
    public void TryAcquire_ConfiguredWindows_ReplaceTeamsDefaults()
    {
        var budget = CreateBudget(o =>
        {
            o.ConversationWriteWindows = [new RateWindow(2, TimeSpan.FromSeconds(10))];
            o.TenantWindows = [new RateWindow(1000, TimeSpan.FromSeconds(1))];
        });

        Assert.Equal(2, AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 5));
    }

    [Fact]
    public async Task AcquireAsync_WindowFull_WaitsOnTheClockThenRecords()
    {
        var budget = CreateBudget();
        AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 7);

        var waiting = budget.AcquireAsync(BudgetOperation.Send, "a:c", "t", default).AsTask();
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.False(waiting.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.7));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out _), "the waiter's send was recorded");
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ThrowsAndRecordsNothing()
    {
        var budget = CreateBudget();
        AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 7);
        using var cts = new CancellationTokenSource();

        var waiting = budget.AcquireAsync(BudgetOperation.Send, "a:c", "t", cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _time.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal(7, AcquireAllNow(budget, BudgetOperation.Send, "a:c", "t", 7));
    }

    [Fact]
    public void TryAcquire_ConversationsIdleLongerThanLongestWindow_AreForgotten()
    {
        var budget = CreateBudget();
        for (var i = 0; i < 40; i++)
        {
            budget.TryAcquire(BudgetOperation.Send, $"a:c{i}", "t", out _);
        }

        Assert.Equal(41, budget.TrackedKeyCount);

        _time.Advance(TimeSpan.FromHours(2));
        budget.TryAcquire(BudgetOperation.Send, "a:fresh", "t", out _);

        Assert.Equal(2, budget.TrackedKeyCount);
    }

    [Fact]
    public void TryAcquire_ConcurrentCallers_NeverAdmitMoreThanLimit()
    {
        var budget = CreateBudget();
        var admitted = 0;

        Parallel.For(0, 200, i =>
        {
            if (budget.TryAcquire(BudgetOperation.Send, "a:c", "t", out _))
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(7, admitted);
    }
}
