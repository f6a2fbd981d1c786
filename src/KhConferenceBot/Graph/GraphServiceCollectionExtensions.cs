using System.Net;
using Azure;
using Azure.Core;
using Azure.Identity;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;
using MsalServiceException = Microsoft.Identity.Client.MsalServiceException;

namespace KhConferenceBot.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>The named HttpClient of Graph calls.</summary>
    public const string GraphHttpClientName = "Graph";

    public static IServiceCollection AddConferenceGraph(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName));
        // Timeouts belong to the resilience pipeline, which runs on the registered TimeProvider.
        services.AddHttpClient(GraphHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler(GraphResilience.PipelineName, GraphResilience.Configure);
        services.AddSingleton<GraphTokenSource>();
        services.AddSingleton<IUserDirectory, GraphUserDirectory>();

        // E-mail through Graph: no resilience handler, the outbox retries (honouring Retry-After) so a wait holds no slot.
        services.AddOptions<MailOptions>().Bind(configuration.GetSection(MailOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(GraphMailSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<IMailSender, GraphMailSender>();
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

/// <summary>
/// Graph tokens from the bot's <see cref="BotCredential"/>, which caches and renews them (Kiota asks before every call).
/// </summary>
public sealed class GraphTokenSource(BotCredential credential, IOptions<GraphOptions> graphOptions) : IAccessTokenProvider
{
    private readonly TokenRequestContext _request = new([graphOptions.Value.Scope]);

    public AllowedHostsValidator AllowedHostsValidator { get; } = new();

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        var identity = credential.Credential ?? throw new InvalidOperationException("Graph needs the bot's identity; local mode has none.");
        try
        {
            var token = await identity.GetTokenAsync(_request, cancellationToken).ConfigureAwait(false);
            return token.Token;
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException or RequestFailedException)
        {
            // Callers treat a Graph call that could not be authorized like one that could not be sent.
            var status = (ex.InnerException as MsalServiceException)?.StatusCode is > 0 and var code ? (HttpStatusCode?)code : null;
            throw new HttpRequestException("No Graph token for the bot: " + ex.Message, ex, status);
        }
    }
}
