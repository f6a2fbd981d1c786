using System.Net;
using System.Text.Json;

namespace KhConferenceBot.Teams.Connector;

/// <summary>Turns a failed Connector response into a <see cref="ConnectorException"/> callers can act on.</summary>
internal static class ConnectorErrors
{
    public const string CorrelationHeader = "X-Correlating-OperationId";

    private const int MaxSearchDepth = 4;

    public static ConnectorException FromResponse(string operation, HttpStatusCode status, ReadOnlySpan<byte> body, TimeSpan? retryAfter, string? correlationId)
    {
        var (code, message, subCode) = Parse(body);
        var kind = Map(status, code, subCode);
        var text = $"Connector {operation} failed with {(int)status} {code ?? status.ToString()}{(message is null ? string.Empty : ": " + message)}";
        return new ConnectorException(kind, status, code, text)
        {
            SubCode = subCode,
            RetryAfter = retryAfter,
            CorrelationId = correlationId,
        };
    }

    /// <summary>
    /// The Teams code wins when it is one we know; a generic code ("Forbidden", "BadArgument") defers to a known subCode,
    /// then to the HTTP status.
    /// </summary>
    public static TeamsErrorKind Map(HttpStatusCode status, string? code, string? subCode)
    {
        if (FromCode(code) is { } byCode)
        {
            return byCode;
        }

        if (FromCode(subCode) is { } bySubCode)
        {
            return bySubCode;
        }

        var numeric = (int)status;
        return numeric switch
        {
            400 => TeamsErrorKind.BadRequest,
            401 => TeamsErrorKind.BotNotRegistered,
            403 => TeamsErrorKind.Forbidden,
            404 => TeamsErrorKind.ConversationNotFound,
            408 => TeamsErrorKind.Timeout,
            412 => TeamsErrorKind.PreconditionFailed,
            413 => TeamsErrorKind.MessageSizeTooBig,
            429 => TeamsErrorKind.Throttled,
            >= 500 and <= 599 => TeamsErrorKind.ServiceError,
            _ => TeamsErrorKind.Unknown,
        };
    }

    internal static (string? Code, string? Message, string? SubCode) Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            var error = TryGetProperty(root, "error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            var code = GetString(error, "code");
            var message = GetString(error, "message");

            // Teams has put subCode on the error, beside it, and inside innerHttpError (whose body may itself be JSON text).
            var subCode = FindSubCode(error, 0) ?? FindSubCode(root, 0);
            return (code, message, subCode);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static TeamsErrorKind? FromCode(string? code) => code switch
    {
        null => null,
        _ when Is(code, "ConversationBlockedByUser") => TeamsErrorKind.ConversationBlockedByUser,
        _ when Is(code, "BotNotInConversationRoster") => TeamsErrorKind.BotNotInConversationRoster,
        _ when Is(code, "BotDisabledByAdmin") => TeamsErrorKind.BotDisabledByAdmin,
        _ when Is(code, "BotNotRegistered") => TeamsErrorKind.BotNotRegistered,
        _ when Is(code, "MessageWritesBlocked") => TeamsErrorKind.MessageWritesBlocked,
        _ when Is(code, "PreconditionFailed") => TeamsErrorKind.PreconditionFailed,
        _ when Is(code, "ConversationNotFound") => TeamsErrorKind.ConversationNotFound,
        _ when Is(code, "MessageSizeTooBig") => TeamsErrorKind.MessageSizeTooBig,
        _ when Is(code, "Throttled") => TeamsErrorKind.Throttled,

        // Create-conversation for a member Teams does not know; the Playground (and, reportedly, Teams) send it with a 500
        // or a 404, so it must win over the status: retrying it for minutes as a service error helps nobody.
        _ when Is(code, "UserNotFound") || Is(code, "MemberNotFound") => TeamsErrorKind.UserNotFound,
        _ => null,
    };

    private static bool Is(string value, string expected) => string.Equals(value, expected, StringComparison.OrdinalIgnoreCase);

    private static string? FindSubCode(JsonElement element, int depth)
    {
        if (depth > MaxSearchDepth || element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (GetString(element, "subCode") is { } direct)
        {
            return direct;
        }

        foreach (var property in element.EnumerateObject())
        {
            var nested = property.Value;
            if (nested.ValueKind == JsonValueKind.String && property.Name.Equals("body", StringComparison.OrdinalIgnoreCase))
            {
                var text = nested.GetString();
                if (text is { Length: > 1 } && text[0] == '{')
                {
                    try
                    {
                        using var inner = JsonDocument.Parse(text);
                        if (FindSubCode(inner.RootElement, depth + 1) is { } fromText)
                        {
                            return fromText;
                        }
                    }
                    catch (JsonException)
                    {
                        // Not JSON after all; nothing to find there.
                    }
                }
            }
            else if (FindSubCode(nested, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string? GetString(JsonElement element, string name) =>
        TryGetProperty(element, name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
