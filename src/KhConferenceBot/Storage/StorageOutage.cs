using System.Net.Sockets;
using Azure;

namespace KhConferenceBot.Storage;

/// <summary>Tells a storage outage (worth a 503 and a retry) from a bug; the one definition every caller uses.</summary>
public static class StorageOutage
{
    /// <summary>What the API tells clients to wait, in seconds, before trying again.</summary>
    public const string RetryAfterSeconds = "30";

    public static bool IsOutage(Exception exception) => exception switch
    {
        // 0: no answer at all (refused, reset, DNS); 408/429/5xx: the service is there but cannot serve now.
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500 || (failed.InnerException is { } inner && IsOutage(inner)),

        // The SDK's retries end in an AggregateException of every attempt's failure.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsOutage),
        HttpRequestException or SocketException or TimeoutException or IOException => true,

        // A network timeout surfaces as a cancellation the caller did not ask for, wrapping a TimeoutException.
        OperationCanceledException { InnerException: { } inner } => IsOutage(inner),
        _ => false,
    };
}
