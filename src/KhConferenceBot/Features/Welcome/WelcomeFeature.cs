using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.Welcome;

public static class WelcomeFeature
{
    public static IServiceCollection AddWelcomeFeature(this IServiceCollection services)
    {
        services.AddSingleton<IBotCommand, HelpCommand>();
        services.AddSingleton<IBotCommand, SwitchToEnglishCommand>();
        services.AddSingleton<IBotCommand, SwitchToVietnameseCommand>();
        services.AddSingleton<IConversationEventHandler, WelcomeOnInstall>();
        services.AddSingleton<ICardActionHandler, WelcomeCardActions>();
        return services;
    }
}
