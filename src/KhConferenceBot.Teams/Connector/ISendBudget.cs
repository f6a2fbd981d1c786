namespace KhConferenceBot.Teams.Connector;

/// <summary>Which Teams rate-limit bucket an outbound call falls in.</summary>
public enum BudgetOperation
{
    /// <summary>Send to conversation or reply to an activity.</summary>
    Send,

    /// <summary>Update (PUT) an activity; Teams counts message edits against the same thread budget as sends.</summary>
    Update,

    /// <summary>Delete an activity; counted like a send.</summary>
    Delete,

    /// <summary>Create (open) a conversation.</summary>
    CreateConversation,

    /// <summary>Get members, paged members, one member: the read bucket with twice the write allowance.</summary>
    GetMembers,
}

/// <summary>
/// Keeps the bot's outbound calls inside the Teams per-conversation and per-tenant limits so Teams never has to answer 429.
/// </summary>
public interface ISendBudget
{
    /// <summary>Waits until <paramref name="operation"/> fits every window, then records it.</summary>
    ValueTask AcquireAsync(BudgetOperation operation, string conversationId, string? tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the operation if it fits now; otherwise records nothing and says how long until it would, so a background
    /// sender can serve another conversation meanwhile.
    /// </summary>
    bool TryAcquire(BudgetOperation operation, string conversationId, string? tenantId, out TimeSpan retryAfter);

    /// <summary>
    /// How long until the tenant's windows take one more call (zero: now), recording nothing: lets a sender leave work
    /// that needs the tenant's budget (opening a chat) where it is instead of taking it up and handing it back.
    /// </summary>
    TimeSpan TenantWait(string? tenantId) => TimeSpan.Zero;
}
