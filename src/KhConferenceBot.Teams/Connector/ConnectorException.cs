using System.Net;

namespace KhConferenceBot.Teams.Connector;

/// <summary>What Teams said when a Connector call failed, read from its ErrorResponse.</summary>
public enum TeamsErrorKind
{
    Unknown,
    BadRequest,
    BotNotRegistered,
    BotNotInConversationRoster,
    ConversationBlockedByUser,
    MessageWritesBlocked,
    BotDisabledByAdmin,
    Forbidden,
    ConversationNotFound,
    PreconditionFailed,
    MessageSizeTooBig,
    Throttled,
    ServiceError,
    Timeout,
    UntrustedServiceUrl,
    UserNotFound,
}

public sealed class ConnectorException : Exception
{
    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConnectorException(TeamsErrorKind kind, HttpStatusCode? statusCode, string? code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Code = code;
    }

    public TeamsErrorKind Kind { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>The raw error.code from Teams, for logs and delivery reports.</summary>
    public string? Code { get; }

    public string? SubCode { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public string? CorrelationId { get; init; }

    /// <summary>
    /// The request may have reached Teams and been acted on (no answer came, or the connection broke after the request
    /// was sent). Repeating a POST then risks a duplicate; callers that care keep such a call apart.
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    /// <summary>Worth trying again later (throttling, precondition, 5xx, timeouts); a permanent failure is not.</summary>
    public bool IsTransient => Kind is TeamsErrorKind.Throttled or TeamsErrorKind.PreconditionFailed or TeamsErrorKind.ServiceError or TeamsErrorKind.Timeout;
}
