using KhConferenceBot.Storage;

namespace KhConferenceBot.Hosting;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Liveness that also proves storage answers: without storage the bot can do nothing useful.
        endpoints.MapGet("/healthz", async (TableStore tables, CancellationToken cancellationToken) =>
            await tables.PingAsync(cancellationToken).ConfigureAwait(false)
                ? Results.Text("ok")
                : Results.Text("storage unreachable", statusCode: StatusCodes.Status503ServiceUnavailable))
            .ExcludeFromDescription();
        return endpoints;
    }
}
