using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace KhConferenceBot.Graph;

/// <summary>
/// Retries for Microsoft Graph, which throttles with 429 (and 503) and says when to come back in Retry-After.
/// Reads and other idempotent calls are retried on any transient failure; a POST or PATCH (creating a group chat,
/// installing the app) only when Graph says it did not run it: 429, or 503 with Retry-After. Otherwise a lost answer
/// could create a second chat.
/// </summary>
internal static class GraphResilience
{
    public const string PipelineName = "graph";

    /// <summary>Everything one call may take, retries and waits included; a group chat is created during a turn.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(90);

    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    public const int MaxRetries = 4;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline
            .AddTimeout(TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(2),
                MaxDelay = TimeSpan.FromSeconds(60),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage()?.Method)),
            })
            .AddTimeout(AttemptTimeout);
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
        {
            return false;
        }

        if (method is null || IsIdempotent(method))
        {
            return true;
        }

        return outcome.Result is { } response
            && (response.StatusCode == HttpStatusCode.TooManyRequests
                || (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null));
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Options || method == HttpMethod.Put || method == HttpMethod.Delete;
}
