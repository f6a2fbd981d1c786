namespace KhConferenceBot.Features.Agenda;

public static class AgendaFeature
{
    public static IServiceCollection AddAgendaFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapAgendaEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
