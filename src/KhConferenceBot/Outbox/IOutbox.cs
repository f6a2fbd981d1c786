using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Every proactive message goes through here: one row per recipient and purpose, so asking twice sends once.
/// A background sender drains the rows inside Teams' limits and records what happened to each.
/// </summary>
public interface IOutbox
{
    /// <summary>Adds the messages whose (Purpose, RecipientKey) is not there yet; returns how many were new.</summary>
    Task<int> EnqueueAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken);

    Task<OutboxEntry?> GetAsync(string purpose, string recipientKey, CancellationToken cancellationToken);

    /// <summary>Every row of a purpose ("invitation", "reminder:day-before", ...), for delivery reports.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string purpose, CancellationToken cancellationToken);

    /// <summary>How many rows of a purpose are in each state, for progress reports.</summary>
    Task<OutboxCounts> CountsAsync(string purpose, CancellationToken cancellationToken);

    /// <summary>Puts the failed rows of a purpose back in the queue with a fresh attempt count; returns how many.</summary>
    Task<int> ResetFailedAsync(string purpose, CancellationToken cancellationToken);
}

public sealed record OutboxCounts(int Pending, int Sending, int Sent, int Failed)
{
    public int Total => Pending + Sending + Sent + Failed;
}

/// <summary>
/// One message to one recipient. Either <see cref="UserAadObjectId"/> (a 1:1 chat, found or created at send time) or
/// <see cref="ConversationId"/> with <see cref="ServiceUrl"/> (a known chat, e.g. the conference group chat) is set.
/// An <see cref="Activity"/> with an id (and a known chat) replaces that message in place instead of posting a new one.
/// </summary>
public sealed record OutboxMessage(
    string Purpose,
    string RecipientKey,
    Activity Activity,
    string? UserAadObjectId = null,
    string? ConversationId = null,
    string? ServiceUrl = null,
    DateTimeOffset? NotBefore = null);

public enum OutboxState
{
    Pending,
    Sending,
    Sent,
    Failed,
}

public sealed record OutboxEntry(
    string Purpose,
    string RecipientKey,
    OutboxState State,
    int Attempts,
    string? ConversationId,
    string? ServiceUrl,
    string? ActivityId,
    string? ErrorCode,
    string? ErrorMessage,
    DateTimeOffset EnqueuedAt,
    DateTimeOffset? SentAt);
