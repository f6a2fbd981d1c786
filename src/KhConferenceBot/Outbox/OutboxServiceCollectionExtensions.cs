using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In the DI namespace (like AddHttpClient) so the host adds the outbox with one line and no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The outbox table, its background sender and recipient resolution. Call after AddTeamsConnector: the Connector's
    /// send budget is wrapped so budget the sender reserved is not taken twice.
    /// </summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.SectionName))
            .Validate(o => o.IsValid(out _), "Outbox options are invalid: PollInterval > 0, LeaseDuration >= 10 s, SenderLeaseDuration 3 s-10 min, MaxAttempts 1-100, MaxConcurrency 1-64, 0 < RetryBaseDelay <= RetryMaxDelay, ScanBatchSize 1-1000, DefaultServiceUrl absolute http(s).")
            .ValidateOnStart();

        // The default service URL is where every first message to a new delegate goes: configuring it is trusting it.
        // (It used to work only when Bot:TrustedServiceUrls listed it too, which no deployment did.)
        // Both rules read the outbox options from the Bot options, never the other way round (that would be a cycle).
        services.AddOptions<ConnectorOptions>()
            .PostConfigure<IOptions<OutboxOptions>>((bot, outbox) =>
            {
                if (!bot.TrustedServiceUrls.Contains(outbox.Value.DefaultServiceUrl, StringComparer.OrdinalIgnoreCase))
                {
                    bot.TrustedServiceUrls.Add(outbox.Value.DefaultServiceUrl);
                }
            })
            .Validate<IOptions<OutboxOptions>>(
                (bot, outbox) => outbox.Value.LeaseDuration > bot.PostAnswerTimeout + bot.RequestTimeout,
                "Outbox:LeaseDuration must be longer than Bot:PostAnswerTimeout plus Bot:RequestTimeout: a send still waiting for its answer must not be claimed by another instance.")
            .ValidateOnStart();

        services.AddMetrics();
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<OutboxMetrics>();
        services.TryAddSingleton<TableOutbox>();
        services.TryAddSingleton<IOutbox>(sp => sp.GetRequiredService<TableOutbox>());
        services.TryAddSingleton<IRecipientResolver, RecipientResolver>();
        services.TryAddSingleton<SenderLease>();
        services.AddSingleton<KhConferenceBot.Conferences.IPersonalDataEraser, OutboxPersonalData>();
        services.TryAddSingleton<OutboxSender>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());

        services.Replace(ServiceDescriptor.Singleton<ISendBudget>(sp => new ReservingSendBudget(sp.GetRequiredService<SendBudget>())));
        return services;
    }
}
