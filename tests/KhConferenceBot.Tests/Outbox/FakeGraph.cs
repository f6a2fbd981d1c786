using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using KhConferenceBot.Testing;
using Microsoft.Extensions.Logging;

namespace KhConferenceBot.Tests.Outbox;

/// <summary>
/// Microsoft Graph's Teams app routes on 127.0.0.1, answering JSON like Graph: the catalog lookup, a user's installed
/// apps and installing the app for a user. Also a client-credentials token endpoint for Graph and the Bot Connector.
/// </summary>
internal sealed class FakeGraph : IAsyncDisposable
{
    public const string ManifestAppId = "8f3c2a51-6c1e-4f43-9a52-2b7f0b0c9d11";
    public const string CatalogId = "catalog-khcb-1";

    private readonly WebApplication _app;

    private FakeGraph(WebApplication app) => _app = app;

    /// <summary>Users that exist in the directory (others answer 404).</summary>
    public ConcurrentDictionary<string, bool> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users with the app installed.</summary>
    public ConcurrentDictionary<string, bool> Installed { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users whose tenant policy blocks the app (install answers 403).</summary>
    public ConcurrentDictionary<string, bool> Blocked { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Directory accounts by email (UPN or mail) → object id, for user lookups.</summary>
    public ConcurrentDictionary<string, string> UsersByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentQueue<string> Requests { get; } = new();

    public int TokenRequests;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Bot:AuthorityHost: the token route, on https.</summary>
    public Uri AuthorityHost { get; private set; } = null!;

    public static async Task<FakeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        FakeEntraToken.ListenHttpAndHttps(builder.WebHost);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGraph(app);
        app.Use(async (context, next) =>
        {
            fake.Requests.Enqueue(context.Request.Method + " " + context.Request.Path + Uri.UnescapeDataString(context.Request.QueryString.Value ?? ""));
            await next(context);
        });
        app.MapPost(FakeEntraToken.Route, (string tenant) =>
        {
            Interlocked.Increment(ref fake.TokenRequests);
            return FakeEntraToken.Issue("fake-token");
        });
        app.MapGet("/v1.0/appCatalogs/teamsApps", (HttpContext h) =>
            (h.Request.Query["$filter"].ToString()).Contains(ManifestAppId, StringComparison.Ordinal)
                ? Results.Json(new { value = new[] { new { id = CatalogId, externalId = ManifestAppId, displayName = "Hội nghị", distributionMethod = "organization" } } })
                : Results.Json(new { value = Array.Empty<object>() }));
        app.MapGet("/v1.0/users/{id}", (string id) =>
            fake.UsersByEmail.TryGetValue(id, out var objectId)
                ? Results.Json(new { id = objectId })
                : Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist."));
        app.MapGet("/v1.0/users", (HttpContext h) =>
        {
            var filter = h.Request.Query["$filter"].ToString();
            var matches = fake.UsersByEmail.Where(u => filter.Contains("'" + u.Key + "'", StringComparison.OrdinalIgnoreCase)).Select(u => new { id = u.Value }).ToArray();
            return Results.Json(new { value = matches });
        });
        app.MapGet("/v1.0/users/{id}/teamwork/installedApps", (string id, HttpContext h) =>
        {
            if (!fake.Users.ContainsKey(id))
            {
                return Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");
            }

            return fake.Installed.ContainsKey(id)
                ? Results.Json(new { value = new[] { new { id = "inst-" + id, teamsApp = new { id = CatalogId, externalId = ManifestAppId, displayName = "Hội nghị" } } } })
                : Results.Json(new { value = Array.Empty<object>() });
        });
        app.MapPost("/v1.0/users/{id}/teamwork/installedApps", async (string id, HttpContext h) =>
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(h.Request.Body);
            var bind = body.RootElement.TryGetProperty("teamsApp@odata.bind", out var b) ? b.GetString() : null;
            if (!fake.Users.ContainsKey(id))
            {
                return Error(404, "Request_ResourceNotFound", "User not found.");
            }

            if (fake.Blocked.ContainsKey(id))
            {
                return Error(403, "Forbidden", "App is blocked by app permission policy.");
            }

            if (bind is null || !bind.EndsWith("/appCatalogs/teamsApps/" + CatalogId, StringComparison.Ordinal))
            {
                return Error(404, "NotFound", "Teams app not found in catalog.");
            }

            fake.Installed[id] = true;
            return Results.Json(new { id = "inst-" + id }, statusCode: 201);
        });
        await app.StartAsync();
        fake.BaseUrl = new Uri(FakeEntraToken.HttpRoot(app) + "/v1.0");
        fake.AuthorityHost = FakeEntraToken.AuthorityHost(app);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
