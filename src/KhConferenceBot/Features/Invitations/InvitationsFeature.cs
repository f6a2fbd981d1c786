namespace KhConferenceBot.Features.Invitations;

public static class InvitationsFeature
{
    public static IServiceCollection AddInvitationsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapInvitationsEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
