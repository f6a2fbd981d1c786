using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Teams.Auth;

public static class BotAuthenticationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IBotRequestAuthenticator"/> with options bound from the <c>Bot</c> section of
    /// <paramref name="configuration"/> (the same section <see cref="ConnectorOptions"/> reads, so one app id serves both).
    /// </summary>
    public static IServiceCollection AddBotAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(BotAuthenticationOptions.SectionName);
        return services.AddBotAuthentication(options => section.Bind(options));
    }

    public static IServiceCollection AddBotAuthentication(this IServiceCollection services, Action<BotAuthenticationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<BotAuthenticationOptions>()
            .Configure(configure)
            .Validate(o => o.OpenIdMetadataUrl is { IsAbsoluteUri: true }, "Bot:OpenIdMetadataUrl must be an absolute URL.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ValidIssuer), "Bot:ValidIssuer must be set.")
            .Validate(o => o.ClockSkew >= TimeSpan.Zero, "Bot:ClockSkew must not be negative.")
            .Validate(
                o => o.MinimumKeyRefreshInterval >= TimeSpan.Zero && o.KeyRefreshInterval > TimeSpan.Zero,
                "Bot:KeyRefreshInterval must be positive and Bot:MinimumKeyRefreshInterval not negative.")
            .ValidateOnStart();

        services.AddHttpClient(BotFrameworkAuthenticator.HttpClientName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TrustedServiceUrls>();
        services.TryAddSingleton<IBotRequestAuthenticator>(sp => new BotFrameworkAuthenticator(
            sp.GetRequiredService<IOptions<BotAuthenticationOptions>>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<BotFrameworkAuthenticator>>(),
            sp.GetRequiredService<TrustedServiceUrls>()));
        return services;
    }
}
