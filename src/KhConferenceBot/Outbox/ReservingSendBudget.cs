using KhConferenceBot.Teams.Connector;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Lets the outbox pick a conversation with <see cref="ISendBudget.TryAcquire"/> and then hand the reserved slot to the
/// Connector call it makes, whose first attempt would otherwise take a second slot from the same windows (halving the
/// rate the outbox can reach). The reservation flows with the async call (<see cref="AsyncLocal{T}"/>) and is used once,
/// by the first matching acquire; the Connector's own retries acquire normally.
/// </summary>
public sealed class ReservingSendBudget(ISendBudget inner) : ISendBudget
{
    private static readonly AsyncLocal<Reservation?> Current = new();

    /// <summary>Marks the budget for <paramref name="operation"/> on <paramref name="budgetKey"/> as already taken by the caller.</summary>
    public static IDisposable Reserve(BudgetOperation operation, string budgetKey)
    {
        var previous = Current.Value;
        Current.Value = new Reservation(operation, budgetKey);
        return new Scope(previous);
    }

    public ValueTask AcquireAsync(BudgetOperation operation, string conversationId, string? tenantId, CancellationToken cancellationToken)
    {
        var reservation = Current.Value;
        if (reservation is not null && reservation.TryUse(operation, conversationId))
        {
            return ValueTask.CompletedTask;
        }

        return inner.AcquireAsync(operation, conversationId, tenantId, cancellationToken);
    }

    public bool TryAcquire(BudgetOperation operation, string conversationId, string? tenantId, out TimeSpan retryAfter) =>
        inner.TryAcquire(operation, conversationId, tenantId, out retryAfter);

    public TimeSpan TenantWait(string? tenantId) => inner.TenantWait(tenantId);

    private sealed class Reservation(BudgetOperation operation, string key)
    {
        private int _used;

        public bool TryUse(BudgetOperation op, string conversationId) =>
            op == operation && string.Equals(conversationId, key, StringComparison.Ordinal) && Interlocked.Exchange(ref _used, 1) == 0;
    }

    private sealed class Scope(Reservation? previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
