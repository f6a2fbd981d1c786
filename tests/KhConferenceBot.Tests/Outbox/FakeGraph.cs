using System.Collections.Concurrent;
using KhConferenceBot.Tests.Graph;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace KhConferenceBot.Tests.Outbox;

/// <summary>
/// Microsoft Graph's Teams app routes on 127.0.0.1, answering JSON like Graph: the catalog lookup, a user's installed
/// apps and installing the app for a user. Also a client-credentials token endpoint for Graph and the Bot Connector.
/// </summary>
internal sealed class FakeGraph : LoopbackGraph
{
    /// <summary>Users that exist in the directory (others answer 404).</summary>
    public ConcurrentDictionary<string, bool> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users with the app installed.</summary>
    public ConcurrentDictionary<string, bool> Installed { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users whose tenant policy blocks the app (install answers 403).</summary>
    public ConcurrentDictionary<string, bool> Blocked { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Directory accounts by email (UPN or mail) → object id, for user lookups.</summary>
    public ConcurrentDictionary<string, string> UsersByEmail { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static Task<FakeGraph> StartAsync() => StartAsync(new FakeGraph());

    protected override void Map(WebApplication app)
    {
        MapTeamsAppCatalog(app);
        app.MapGet("/v1.0/users/{id}", (string id) =>
            UsersByEmail.TryGetValue(id, out var objectId)
                ? Results.Json(new { id = objectId })
                : Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist."));
        app.MapGet("/v1.0/users", (HttpContext h) =>
        {
            var filter = h.Request.Query["$filter"].ToString();
            var matches = UsersByEmail.Where(u => filter.Contains("'" + u.Key + "'", StringComparison.OrdinalIgnoreCase)).Select(u => new { id = u.Value }).ToArray();
            return Results.Json(new { value = matches });
        });
        app.MapGet("/v1.0/users/{id}/teamwork/installedApps", (string id, HttpContext h) =>
        {
            if (!Users.ContainsKey(id))
            {
                return Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");
            }

            return Installed.ContainsKey(id)
                ? Results.Json(new { value = new[] { new { id = "inst-" + id, teamsApp = new { id = CatalogId, externalId = ManifestAppId, displayName = "Hội nghị" } } } })
                : Results.Json(new { value = Array.Empty<object>() });
        });
        app.MapPost("/v1.0/users/{id}/teamwork/installedApps", async (string id, HttpContext h) =>
        {
            using var body = await System.Text.Json.JsonDocument.ParseAsync(h.Request.Body);
            var bind = body.RootElement.TryGetProperty("teamsApp@odata.bind", out var b) ? b.GetString() : null;
            if (!Users.ContainsKey(id))
            {
                return Error(404, "Request_ResourceNotFound", "User not found.");
            }

            if (Blocked.ContainsKey(id))
            {
                return Error(403, "Forbidden", "App is blocked by app permission policy.");
            }

            if (bind is null || !bind.EndsWith("/appCatalogs/teamsApps/" + CatalogId, StringComparison.Ordinal))
            {
                return Error(404, "NotFound", "Teams app not found in catalog.");
            }

            Installed[id] = true;
            return Results.Json(new { id = "inst-" + id }, statusCode: 201);
        });
    }
}
