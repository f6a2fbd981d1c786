using System.Text.Json;

namespace KhConferenceBot.Teams.Invoke;

/// <summary>
/// The HTTP status and JSON body the bot answers an invoke activity with.
/// </summary>
public sealed record InvokeResponse(int Status, object? Body)
{
    public static InvokeResponse Ok(object? body = null) => new(200, body);

    public static InvokeResponse NotImplemented { get; } = new(501, null);
}

/// <summary>
/// Bodies for <c>adaptiveCard/action</c> (Universal Actions): a card that replaces the one clicked, a toast message, or an error.
/// </summary>
public static class AdaptiveCardInvokeResponse
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";
    public const string MessageContentType = "application/vnd.microsoft.activity.message";
    public const string ErrorContentType = "application/vnd.microsoft.error";

    public static InvokeResponse Card(JsonElement card) =>
        InvokeResponse.Ok(new AdaptiveCardInvokeBody(200, CardContentType, card));

    public static InvokeResponse Message(string text) =>
        InvokeResponse.Ok(new AdaptiveCardInvokeBody(200, MessageContentType, text));

    /// <summary>An error the client shows; HTTP stays 200 so Teams reads the body rather than a transport failure.</summary>
    public static InvokeResponse Error(int statusCode, string code, string message) =>
        InvokeResponse.Ok(new AdaptiveCardInvokeBody(statusCode, ErrorContentType, new InvokeError(code, message)));
}

public sealed record AdaptiveCardInvokeBody(int StatusCode, string Type, object Value);

public sealed record InvokeError(string Code, string Message);
