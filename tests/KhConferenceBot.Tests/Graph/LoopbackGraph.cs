using System.Collections.Concurrent;
using KhConferenceBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KhConferenceBot.Tests.Graph;

/// <summary>
/// What every fake Microsoft Graph of these tests shares: an app on 127.0.0.1 over http and https (the token route is
/// reached over https), each request recorded, the client-credentials token route, the Teams app catalog, Graph's
/// error shape, and stopping it. Each fake maps its own routes in <see cref="Map"/>.
/// </summary>
internal abstract class LoopbackGraph : IAsyncDisposable
{
    public const string ManifestAppId = "8f3c2a51-6c1e-4f43-9a52-2b7f0b0c9d11";
    public const string CatalogId = "catalog-khcb-1";

    private WebApplication? _app;

    /// <summary>Every request as "METHOD /path?query", the query unescaped.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Graph's base URL, http://127.0.0.1:port/v1.0.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Bot:AuthorityHost: the token route, on https.</summary>
    public Uri AuthorityHost { get; private set; } = null!;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    protected static async Task<TGraph> StartAsync<TGraph>(TGraph fake)
        where TGraph : LoopbackGraph
    {
        ArgumentNullException.ThrowIfNull(fake);
        var builder = WebApplication.CreateSlimBuilder();
        FakeEntraToken.ListenHttpAndHttps(builder.WebHost);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            fake.Requests.Enqueue(context.Request.Method + " " + context.Request.Path + Uri.UnescapeDataString(context.Request.QueryString.Value ?? ""));
            await next(context);
        });
        app.MapPost(FakeEntraToken.Route, (string tenant) => FakeEntraToken.Issue("fake-token"));
        fake.Map(app);
        await app.StartAsync();
        fake._app = app;
        fake.BaseUrl = new Uri(FakeEntraToken.HttpRoot(app) + "/v1.0");
        fake.AuthorityHost = FakeEntraToken.AuthorityHost(app);
        return fake;
    }

    /// <summary>The fake's own Graph routes.</summary>
    protected abstract void Map(WebApplication app);

    /// <summary>The organization's catalog holds the bot's Teams app, found by its manifest id.</summary>
    protected static void MapTeamsAppCatalog(WebApplication app) =>
        app.MapGet("/v1.0/appCatalogs/teamsApps", (HttpContext h) =>
            h.Request.Query["$filter"].ToString().Contains(ManifestAppId, StringComparison.Ordinal)
                ? Results.Json(new { value = new[] { new { id = CatalogId, externalId = ManifestAppId, displayName = "Hội nghị", distributionMethod = "organization" } } })
                : Results.Json(new { value = Array.Empty<object>() }));

    /// <summary>An error as Graph words it: {"error":{"code","message"}}.</summary>
    protected static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
