using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.CheckIn;

public static class CheckInFeature
{
    public static IServiceCollection AddCheckInFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CheckInOptions>().Bind(configuration.GetSection(CheckInOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CheckInStore>();
        services.AddSingleton<Conferences.IPersonalDataEraser, CheckInPersonalData>();
        services.AddSingleton<PassHolders>();
        services.AddSingleton<PassService>();
        services.AddSingleton<CheckInService>();
        services.AddSingleton<HeadcountReader>();
        services.AddSingleton<PassDelivery>();
        services.AddSingleton<HeadcountCardStore>();
        services.AddSingleton<PresentList>();
        services.AddSingleton<Api.IDownloadSource, PresentListDownloads>();
        services.AddSingleton<HeadcountCardPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<HeadcountCardPublisher>());
        services.AddSingleton<IBotCommand, PassCommand>();
        services.AddSingleton<ICardActionHandler, SelfCheckInAction>();
        return services;
    }
}
