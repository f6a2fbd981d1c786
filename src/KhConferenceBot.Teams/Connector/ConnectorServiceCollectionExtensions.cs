using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Teams.Connector;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>Named HttpClient for Connector calls; tests add handlers to it.</summary>
    public const string ConnectorHttpClientName = "KhConferenceBot.Teams.Connector";

    /// <summary>Named HttpClient of the bot's credential (Entra ID's token endpoint).</summary>
    public const string TokenHttpClientName = "KhConferenceBot.Teams.Token";

    /// <summary>
    /// Registers the outbound Connector: <see cref="IConnectorClient"/>, <see cref="BotCredential"/>, <see cref="IBotTokenProvider"/>,
    /// <see cref="ISendBudget"/> and <see cref="TrustedServiceUrls"/>, all singletons, with options from the "Bot" section.
    /// </summary>
    public static IServiceCollection AddTeamsConnector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<ConnectorOptions>().Bind(configuration.GetSection(ConnectorOptions.SectionName));
        services.AddOptions<SendBudgetOptions>().Bind(configuration.GetSection(SendBudgetOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddLogging();

        // Timeouts and retries belong to the Polly pipeline (which runs on TimeProvider); HttpClient's own 100 s timer
        // would fire on wall time underneath it. The clients live as long as the singletons that hold them, so the pooled
        // connection lifetime is what picks up DNS changes.
        services.AddHttpClient(ConnectorHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);
        services.AddHttpClient(TokenHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);

        services.TryAddSingleton<TrustedServiceUrls>();
        services.TryAddSingleton<ConnectorMetrics>();
        services.TryAddSingleton<SendBudget>();
        services.TryAddSingleton<ISendBudget>(sp => sp.GetRequiredService<SendBudget>());
        services.TryAddSingleton(sp => new BotCredential(
            sp.GetRequiredService<IOptions<ConnectorOptions>>().Value,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(TokenHttpClientName)));
        services.TryAddSingleton<IBotTokenProvider>(sp => new BotTokenProvider(
            sp.GetRequiredService<BotCredential>(),
            sp.GetRequiredService<IOptions<ConnectorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BotTokenProvider>>()));
        services.TryAddSingleton<IConnectorClient>(sp => new ConnectorClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(ConnectorHttpClientName),
            sp.GetRequiredService<IBotTokenProvider>(),
            sp.GetRequiredService<ISendBudget>(),
            sp.GetRequiredService<TrustedServiceUrls>(),
            sp.GetRequiredService<IOptions<ConnectorOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ConnectorMetrics>(),
            sp.GetRequiredService<ILogger<ConnectorClient>>()));
        return services;
    }

    private static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = System.Net.DecompressionMethods.All,
    };
}
