using System.Diagnostics;
using System.Globalization;

namespace KhConferenceBot.Teams.Connector;

/// <summary>
/// One client span per Connector call, across its retries, so a trace shows what a turn or an outbox row cost in
/// Teams calls. Like the metrics, tags carry operations, hosts, statuses and error kinds, never conversation or user ids.
/// </summary>
public static class ConnectorTelemetry
{
    public const string ActivitySourceName = "KhConferenceBot.Teams";

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    internal static Activity? StartCall(string operation, HttpMethod method, Uri requestUri)
    {
        var span = Source.StartActivity("connector " + operation, ActivityKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("connector.operation", operation);
            span.SetTag("http.request.method", method.Method);
            span.SetTag("server.address", requestUri.Host);
        }

        return span;
    }

    /// <summary>Records an attempt on the call's span, which is current for the whole call.</summary>
    internal static void Attempted(string operation, int attempt)
    {
        if (CurrentCall(operation) is { } span)
        {
            span.SetTag("connector.attempts", attempt);
        }
    }

    /// <summary>Records the call's outcome: "success" or a <see cref="TeamsErrorKind"/>.</summary>
    internal static void Completed(string operation, string result, int? status)
    {
        if (CurrentCall(operation) is not { } span)
        {
            return;
        }

        if (status is { } code)
        {
            span.SetTag("http.response.status_code", code);
        }

        if (result == "success")
        {
            span.SetStatus(ActivityStatusCode.Ok);
        }
        else
        {
            span.SetTag("error.type", result);
            span.SetStatus(ActivityStatusCode.Error, status is { } s ? s.ToString(CultureInfo.InvariantCulture) + " " + result : result);
        }
    }

    private static Activity? CurrentCall(string operation) =>
        Activity.Current is { IsAllDataRequested: true } span && ReferenceEquals(span.Source, Source) && span.OperationName == "connector " + operation
            ? span
            : null;
}
