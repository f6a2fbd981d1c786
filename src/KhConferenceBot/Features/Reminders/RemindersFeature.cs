namespace KhConferenceBot.Features.Reminders;

public static class RemindersFeature
{
    public static IServiceCollection AddRemindersFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
