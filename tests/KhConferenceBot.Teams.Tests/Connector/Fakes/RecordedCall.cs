namespace KhConferenceBot.Teams.Tests.Connector.Fakes;

/// <summary>One request as the fake saw it. Time is the shared fake clock's, not wall time.</summary>
internal sealed record RecordedCall(
    string Method,
    string RawTarget,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset At,
    string? ConversationId,
    string? TenantId)
{
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;
}

/// <summary>What the fake connector answers instead of its default for one request.</summary>
internal sealed record ScriptedResponse(int StatusCode, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, bool Hang = false)
{
    public static ScriptedResponse Hanging() => new(0, Hang: true);

    public static ScriptedResponse Error(int statusCode, string code, string message = "scripted", IReadOnlyDictionary<string, string>? headers = null, string? subCode = null) =>
        new(statusCode, ErrorBody(code, message, subCode), headers);

    public static ScriptedResponse Throttled(string retryAfter) =>
        Error(429, "Throttled", "slow down", new Dictionary<string, string> { ["Retry-After"] = retryAfter });

    public static string ErrorBody(string code, string message, string? subCode = null) =>
        subCode is null
            ? $$$"""{"error":{"code":"{{{code}}}","message":"{{{message}}}"}}"""
            : $$$"""{"error":{"code":"{{{code}}}","message":"{{{message}}}","subCode":"{{{subCode}}}"}}""";
}
