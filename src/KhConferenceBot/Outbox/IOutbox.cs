using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Outbox;

/// <summary>
/// Every proactive message goes through here: one row per recipient and purpose, so asking twice sends once.
/// A background sender drains the rows inside Teams' limits and records what happened to each.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Adds the messages whose (Purpose, RecipientKey) is not there yet, or is there <see cref="OutboxState.Cancelled"/>
    /// (never sent: its delegate was removed, and is back); returns how many were new.
    /// </summary>
    Task<int> EnqueueAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken);

    Task<OutboxEntry?> GetAsync(string purpose, string recipientKey, CancellationToken cancellationToken);

    /// <summary>Every row of a purpose ("invitation", "reminder:day-before", ...), for delivery reports.</summary>
    Task<IReadOnlyList<OutboxEntry>> ListAsync(string purpose, CancellationToken cancellationToken);

    /// <summary>How many rows of a purpose are in each state, for progress reports.</summary>
    Task<OutboxCounts> CountsAsync(string purpose, CancellationToken cancellationToken);

    /// <summary>
    /// Puts failed rows back in the queue: each given message replaces its row (same purpose and recipient) if, and only
    /// if, that row is Failed right now, with a fresh attempt count and no remembered chat, so data fixed since (a new
    /// account id, a corrected name) is what goes out. A row that was sent, is queued or does not exist is left alone:
    /// a retry never sends anything twice. Returns how many rows went back in the queue.
    /// </summary>
    Task<int> RetryFailedAsync(IEnumerable<OutboxMessage> messages, CancellationToken cancellationToken);
}

/// <summary><see cref="Cancelled"/> rows (their delegate was removed before the send) are neither sent nor failed, nor in <see cref="Total"/>.</summary>
public sealed record OutboxCounts(int Pending, int Sending, int Sent, int Failed, int Cancelled = 0)
{
    public int Total => Pending + Sending + Sent + Failed;
}

/// <summary>
/// One message to one recipient. A Teams message has an <see cref="Activity"/> and either <see cref="UserAadObjectId"/>
/// (a 1:1 chat, found or created at send time) or <see cref="ConversationId"/> with <see cref="ServiceUrl"/> (a known
/// chat, e.g. the conference group chat). An activity with an id (and a known chat) replaces that message in place
/// instead of posting a new one. An e-mail has <see cref="Mail"/> instead (<see cref="Email"/>). A message for a
/// conference's delegate names them in <see cref="DelegateId"/>: if they are removed from the list before it goes out,
/// it never does (<see cref="IOutboxRecipientCheck"/>).
/// </summary>
public sealed record OutboxMessage(
    string Purpose,
    string RecipientKey,
    Activity? Activity,
    string? UserAadObjectId = null,
    string? ConversationId = null,
    string? ServiceUrl = null,
    DateTimeOffset? NotBefore = null,
    OutboxMail? Mail = null,
    string? DelegateId = null)
{
    public OutboxChannel Channel => Mail is null ? OutboxChannel.Teams : OutboxChannel.Email;

    public static OutboxMessage Email(string purpose, string recipientKey, OutboxMail mail, DateTimeOffset? notBefore = null) =>
        new(purpose, recipientKey, null, NotBefore: notBefore, Mail: mail ?? throw new ArgumentNullException(nameof(mail)));
}

public enum OutboxState
{
    Pending,
    Sending,
    Sent,
    Failed,

    /// <summary>Final and never sent: the check at the moment of sending said the recipient should not get it (ErrorCode says why).</summary>
    Cancelled,
}

/// <summary>
/// Asked by the sender right before a row with a <see cref="OutboxMessage.DelegateId"/> goes out, so a change made
/// seconds before the send still counts. Null: send it; otherwise the reason code the row is cancelled with.
/// </summary>
public interface IOutboxRecipientCheck
{
    Task<string?> CancelReasonAsync(string purpose, string delegateId, CancellationToken cancellationToken);
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
    DateTimeOffset? SentAt,
    OutboxChannel Channel = OutboxChannel.Teams);
