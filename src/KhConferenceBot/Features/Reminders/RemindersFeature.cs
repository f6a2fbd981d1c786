using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.Reminders;

public static class RemindersFeature
{
    public static IServiceCollection AddRemindersFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReminderOptions>().Bind(configuration.GetSection(ReminderOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Conferences.AgendaTime.TryParse(o.DayBeforeAt) is not null, "Reminders:DayBeforeAt must be a time like 16:00.")
            .ValidateOnStart();
        services.AddSingleton<IReminderStore, TableReminderStore>();
        services.AddSingleton<Conferences.IPersonalDataEraser, ReminderPersonalData>();
        services.AddSingleton<DayBeforeReminder>();
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        services.AddSingleton<IBotCommand, AddReminderCommand>();
        return services;
    }
}
