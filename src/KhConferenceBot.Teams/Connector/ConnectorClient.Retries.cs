using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace KhConferenceBot.Teams.Connector;

/// <summary>When a Bot Connector call is tried again, after how long, and what each retry records.</summary>
public sealed partial class ConnectorClient
{
    private ResiliencePipeline<HttpResponseMessage> BuildRetryPipeline()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _timeProvider };
        if (_options.MaxRetries <= 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = _options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            MaxDelay = _options.RetryMaxDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(CallStateKey, null!))),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RetryAfterOf(r) : null),
            OnRetry = args =>
            {
                var state = args.Context.Properties.GetValue(CallStateKey, null!);
                var status = args.Outcome.Result is { } result ? (int?)result.StatusCode : null;
                var reason = status?.ToString(CultureInfo.InvariantCulture) ?? args.Outcome.Exception?.GetType().Name ?? "unknown";
                _metrics.Retries.Add(1, new KeyValuePair<string, object?>("operation", state?.Operation), new KeyValuePair<string, object?>("reason", reason));
                LogRetry(_logger, state?.Operation ?? "unknown", args.AttemptNumber + 1, reason, (long)args.RetryDelay.TotalMilliseconds);

                // Polly keeps no reference to a handled result; nobody else will dispose it.
                args.Outcome.Result?.Dispose();
                return default;
            },
        }).Build();
    }

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, CallState? state)
    {
        var createsSomething = state?.CreatesSomething ?? true;
        switch (outcome.Exception)
        {
            case HttpRequestException http:
                return !createsSomething || NeverArrived(http);
            case TimeoutRejectedException:
                // Only calls that are safe to repeat get here early (a POST's timeout is its answer deadline).
                return !createsSomething;
            case ConnectorException connector:
                return connector.IsTransient;
            case not null:
                return false;
        }

        var response = outcome.Result!;
        if (!IsRetryableStatus(response.StatusCode))
        {
            return false;
        }

        // A pause longer than we would ever back off is better spent by the caller on other work (or a re-queue):
        // the final ConnectorException carries RetryAfter for that.
        return RetryAfterOf(response) is not { } retryAfter || retryAfter <= _options.RetryMaxDelay;
    }

    /// <summary>The request never left: no connection, no name, no TLS. Anything later may have reached Teams.</summary>
    private static bool NeverArrived(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private static bool IsRetryableStatus(HttpStatusCode status) => (int)status is 429 or 412 or 502 or 503 or 504;

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    [LoggerMessage(EventId = 2112, Level = LogLevel.Information, Message = "Connector {Operation} attempt {Attempt} failed ({Reason}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string operation, int attempt, string reason, long delayMs);
}
