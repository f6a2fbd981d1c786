namespace KhConferenceBot.Features.Questions;

public static class QuestionsFeature
{
    public static IServiceCollection AddQuestionsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapQuestionsEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
