using System.Security.Claims;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Auth;

/// <summary>Validates the bearer token the Bot Connector puts on every POST to /api/messages.</summary>
public interface IBotRequestAuthenticator
{
    /// <summary>True only in explicit local mode (no app id configured): requests without a header are let through.</summary>
    bool IsDisabled { get; }

    Task<BotAuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken);
}

public enum BotAuthOutcome
{
    /// <summary>The token was valid for this activity.</summary>
    Authenticated,

    /// <summary>Auth is off (local mode) and no header was sent.</summary>
    Anonymous,

    /// <summary>Missing or invalid token: answer 401.</summary>
    Unauthorized,

    /// <summary>Valid signature but the signing key is not endorsed for the channel: answer 403.</summary>
    Forbidden,
}

public sealed record BotAuthResult(BotAuthOutcome Outcome, string? Reason = null, ClaimsIdentity? Identity = null)
{
    public bool Succeeded => Outcome is BotAuthOutcome.Authenticated or BotAuthOutcome.Anonymous;

    public static BotAuthResult Anonymous { get; } = new(BotAuthOutcome.Anonymous);

    public static BotAuthResult Unauthorized(string reason) => new(BotAuthOutcome.Unauthorized, reason);

    public static BotAuthResult Forbidden(string reason) => new(BotAuthOutcome.Forbidden, reason);
}
