using System.Collections.Concurrent;
using System.Diagnostics;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Teams.Tests.Connector.Fakes;

/// <summary>
/// Moves the fake clock while the code under test waits on timers, and holds it still while a call is on its way or
/// being answered, so the fake connector sees each call at the fake instant the client let it go. Without that, the
/// clock would race ahead during real socket I/O and the test would measure scheduling, not the client.
/// </summary>
internal sealed class TimeDriver(FakeTimeProvider time)
{
    // Only a guard against a hung test; nothing is asserted on wall time.
    private static readonly TimeSpan WallClockGuard = TimeSpan.FromSeconds(90);

    private int _busy;

    public FakeTimeProvider Time { get; } = time;

    /// <summary>Held while advancing; <see cref="LockstepBudget"/> takes it to make "admitted" and "busy" one step.</summary>
    public Lock Gate { get; } = new();

    public TimeSpan Step { get; set; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Header that names each call, so the fake can say which ones it is deliberately not answering.</summary>
    public const string CallIdHeader = "X-Test-Call-Id";

    /// <summary>
    /// Of the calls on the wire, how many the fake is deliberately not answering; the clock may move past those (that is
    /// how they time out). Counted from the client's side, so a call the client already gave up on stops counting at once.
    /// </summary>
    public Func<int> Parked { get; set; } = () => 0;

    public ConcurrentDictionary<string, byte> OnTheWire { get; } = new(StringComparer.Ordinal);

    public int CountOnTheWire(Func<string, bool> isParked) => OnTheWire.Keys.Count(isParked);

    public int Busy => Volatile.Read(ref _busy);

    public void Enter() => Interlocked.Increment(ref _busy);

    public void Exit() => Interlocked.Decrement(ref _busy);

    public async Task<T> RunAsync<T>(Task<T> task)
    {
        await DriveAsync(task);
        return await task;
    }

    public async Task RunAsync(Task task)
    {
        await DriveAsync(task);
        await task;
    }

    private async Task DriveAsync(Task task)
    {
        var guard = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            lock (Gate)
            {
                if (Busy <= Parked())
                {
                    Time.Advance(Step);
                }
            }

            await Task.Yield();
            if (guard.Elapsed > WallClockGuard)
            {
                throw new TimeoutException($"Test did not finish: {Busy} call(s) busy, fake time {Time.GetUtcNow():O}.");
            }
        }
    }
}

/// <summary>Marks the driver busy for the life of an HTTP exchange (and, if asked, from the moment it starts).</summary>
internal sealed class BusyHandler(TimeDriver driver, bool enterOnSend) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (enterOnSend)
        {
            driver.Enter();
        }

        var callId = Guid.NewGuid().ToString("N");
        request.Headers.Add(TimeDriver.CallIdHeader, callId);
        driver.OnTheWire[callId] = 0;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);

            // HttpClient reads the body after the handlers return; read it here, while the clock is still held, or the
            // attempt's timeout could fire on fake time that raced ahead during a real socket read.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        finally
        {
            driver.OnTheWire.TryRemove(callId, out _);
            driver.Exit();
        }
    }
}

/// <summary>
/// The real <see cref="SendBudget"/>, admitted under the driver's gate so the clock cannot move between the budget
/// recording a call and the call being marked busy. <see cref="BusyHandler"/> on the connector client ends that busy
/// span when the answer arrives. <see cref="SendBudget.AcquireAsync"/> itself is covered by SendBudgetTests.
/// </summary>
internal sealed class LockstepBudget(ISendBudget inner, TimeDriver driver) : ISendBudget
{
    public async ValueTask AcquireAsync(BudgetOperation operation, string conversationId, string? tenantId, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan retryAfter;
            lock (driver.Gate)
            {
                if (inner.TryAcquire(operation, conversationId, tenantId, out retryAfter))
                {
                    driver.Enter();
                    return;
                }
            }

            await Task.Delay(retryAfter, driver.Time, cancellationToken);
        }
    }

    public bool TryAcquire(BudgetOperation operation, string conversationId, string? tenantId, out TimeSpan retryAfter) =>
        inner.TryAcquire(operation, conversationId, tenantId, out retryAfter);
}
