using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Hosting;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Liveness: the process answers and storage answers; without storage the bot can do nothing useful.
        endpoints.MapGet("/healthz", async (TableStore tables, CancellationToken cancellationToken) =>
            await tables.PingAsync(cancellationToken).ConfigureAwait(false)
                ? Results.Text("ok")
                : Results.Text("storage unreachable", statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();

        // Readiness: also the token endpoint, when the bot has an identity; a bot that cannot get a token cannot answer anyone.
        endpoints.MapGet("/readyz", async (TableStore tables, IBotTokenProvider tokens, IOptions<BotAuthenticationOptions> bot, CancellationToken cancellationToken) =>
        {
            var storage = await tables.PingAsync(cancellationToken).ConfigureAwait(false);
            string token;
            if (bot.Value.IsLocalMode)
            {
                token = "not configured (local mode)";
            }
            else
            {
                try
                {
                    token = await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false) is null ? "no token" : "ok";
                }
                catch (Exception ex) when (ex is HttpRequestException or ConnectorException or InvalidOperationException or TaskCanceledException)
                {
                    token = "unreachable";
                }
            }

            var ready = storage && token is "ok" or "not configured (local mode)";
            return Results.Json(new { ready, storage = storage ? "ok" : "unreachable", tokenEndpoint = token },
                statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        return endpoints;
    }
}
