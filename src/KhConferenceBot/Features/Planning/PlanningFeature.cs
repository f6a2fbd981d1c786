using KhConferenceBot.Api;
using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.Planning;

/// <summary>Creating, editing and copying conferences: from a plan document (API, chat, file), by form, or from a past conference.</summary>
public static class PlanningFeature
{
    public static IServiceCollection AddPlanningFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PlanningOptions>().Bind(configuration.GetSection(PlanningOptions.SectionName));
        services.AddHostedService<SamplePlanLoader>();
        services.AddSingleton<ConferencePlanner>();
        services.AddSingleton<PlanDraftStore>();
        services.AddSingleton<Conferences.IPersonalDataEraser, PlanDraftPersonalData>();
        services.AddSingleton<PlanAttachments>();
        services.AddSingleton<PlanningChat>();
        services.AddSingleton<IBotCommand, CreateConferenceCommand>();
        services.AddSingleton<ICardActionHandler, PlanningCardActions>();
        services.AddSingleton<IFileMessageHandler, PlanFileHandler>();

        // A Teams download address is pre-authorised and short-lived: no token, no cookies, a few redirects at most.
        services.AddHttpClient(PlanAttachments.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 3, UseCookies = false });
        return services;
    }

    public static OrganizerRoutes MapPlanningEndpoints(this OrganizerRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        PlanningEndpoints.Map(routes);
        return routes;
    }
}

/// <summary>A plan file sent in the personal chat.</summary>
internal sealed class PlanFileHandler(PlanningChat chat) : IFileMessageHandler
{
    public Task<bool> TryHandleAsync(TurnContext turn) => chat.TryHandleFileAsync(turn);
}
