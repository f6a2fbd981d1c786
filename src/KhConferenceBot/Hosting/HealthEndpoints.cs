using System.Text.Json;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Hosting;

/// <summary>
/// /healthz is liveness: the process answers, nothing else is called, so a storage outage never gets the instance
/// restarted. /readyz is readiness: storage and, with an identity, the token endpoint, each given
/// <see cref="ReadyTimeout"/>, the failing ones named.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    /// <summary>A dependency that does not answer in this time is down as far as a load balancer is concerned.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(2);

    public static IServiceCollection AddConferenceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag])
            .AddCheck<TokenEndpointHealthCheck>("tokenEndpoint", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (http, _) => http.Response.WriteAsync("ok"),
        }).ExcludeFromDescription();

        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var body = new
        {
            ready = report.Status != HealthStatus.Unhealthy,
            failing = report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => e.Key).ToList(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Status.ToString()),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }

    /// <summary>Runs <paramref name="probe"/> for at most <see cref="ReadyTimeout"/> on <paramref name="time"/>.</summary>
    internal static async Task<HealthCheckResult> WithinReadyTimeoutAsync(TimeProvider time, Func<CancellationToken, Task<HealthCheckResult>> probe, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ReadyTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // WaitAsync as well: a client that ignores its token must not hold the answer either.
            return await probe(linked.Token).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no answer within {ReadyTimeout.TotalSeconds:0} s");
        }
    }
}

internal sealed class StorageHealthCheck(TableStore tables, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        HealthEndpoints.WithinReadyTimeoutAsync(time, async ct =>
            await tables.PingAsync(ct).ConfigureAwait(false) ? HealthCheckResult.Healthy("ok") : HealthCheckResult.Unhealthy("unreachable"),
            cancellationToken);
}

/// <summary>A bot that cannot get a token cannot answer anyone.</summary>
internal sealed class TokenEndpointHealthCheck(IBotTokenProvider tokens, IOptions<BotAuthenticationOptions> bot, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (bot.Value.IsLocalMode)
        {
            return Task.FromResult(HealthCheckResult.Healthy("not configured (local mode)"));
        }

        return HealthEndpoints.WithinReadyTimeoutAsync(time, async ct =>
        {
            try
            {
                return await tokens.GetTokenAsync(ct).ConfigureAwait(false) is null ? HealthCheckResult.Unhealthy("no token") : HealthCheckResult.Healthy("ok");
            }
            catch (Exception ex) when (ex is HttpRequestException or ConnectorException or InvalidOperationException)
            {
                return HealthCheckResult.Unhealthy("unreachable");
            }
        }, cancellationToken);
    }
}
