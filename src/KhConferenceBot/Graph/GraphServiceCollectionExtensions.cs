using System.Text.Json;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace KhConferenceBot.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>The named HttpClient of Graph calls.</summary>
    public const string GraphHttpClientName = "Graph";

    public static IServiceCollection AddConferenceGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName));
        services.AddHttpClient(GraphTokenSource.HttpClientName);
        // Timeouts belong to the resilience pipeline, which runs on the registered TimeProvider.
        services.AddHttpClient(GraphHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(GraphResilience.PipelineName, GraphResilience.Configure);
        services.AddSingleton<GraphTokenSource>();
        services.AddSingleton<IUserDirectory, GraphUserDirectory>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            var auth = new BaseBearerTokenAuthenticationProvider(sp.GetRequiredService<GraphTokenSource>());
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(GraphHttpClientName);
            return new GraphServiceClient(http, auth, options.BaseUrl.ToString().TrimEnd('/'));
        });
        return services;
    }

    /// <summary>True when Graph calls can be made: enabled and an app identity is configured.</summary>
    public static bool IsGraphAvailable(this IServiceProvider services)
    {
        var graph = services.GetRequiredService<IOptions<GraphOptions>>().Value;
        var bot = services.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value;
        return graph.Enabled && !bot.IsLocalMode;
    }
}

/// <summary>Client-credentials tokens for Graph, cached until shortly before they expire.</summary>
public sealed class GraphTokenSource(
    IHttpClientFactory httpClients,
    IOptions<GraphOptions> graphOptions,
    IOptions<ConnectorOptions> botOptions,
    TimeProvider time) : IAccessTokenProvider
{
    public const string HttpClientName = "GraphToken";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (_token is not null && time.GetUtcNow() < _expiresAt)
        {
            return _token;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not null && time.GetUtcNow() < _expiresAt)
            {
                return _token;
            }

            var bot = botOptions.Value;
            var endpoint = graphOptions.Value.TokenEndpoint.Replace("{tenant}", string.IsNullOrWhiteSpace(bot.TenantId) ? "organizations" : bot.TenantId, StringComparison.Ordinal);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = bot.MicrosoftAppId ?? "",
                ["client_secret"] = bot.MicrosoftAppPassword ?? "",
                ["scope"] = graphOptions.Value.Scope,
            });
            using var response = await httpClients.CreateClient(HttpClientName).PostAsync(new Uri(endpoint), form, cancellationToken).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
            _token = json.RootElement.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("Token endpoint returned no access_token.");
            var seconds = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 3600;
            _expiresAt = time.GetUtcNow().AddSeconds(Math.Max(60, seconds - 300));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
