using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.Agenda;

public static class AgendaFeature
{
    public static IServiceCollection AddAgendaFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AgendaOptions>().Bind(configuration.GetSection(AgendaOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Conferences.AgendaTime.TryParse(o.DayStartsAt) is { } s && Conferences.AgendaTime.TryParse(o.DayEndsAt) is { } e && s < e,
                "Agenda:DayStartsAt and Agenda:DayEndsAt must be times like 06:00 and 22:00, start before end.")
            .ValidateOnStart();

        services.AddSingleton<TableGroupChatStore>();
        services.AddSingleton<IGroupChatStore>(sp => sp.GetRequiredService<TableGroupChatStore>());
        services.AddSingleton<Conferences.IGroupChatConferences>(sp => sp.GetRequiredService<TableGroupChatStore>());
        services.AddSingleton<IPostedAgendaCardStore, TablePostedAgendaCardStore>();
        services.AddSingleton<Conferences.IPersonalDataEraser, GroupChatPersonalData>();
        services.AddSingleton<AgendaPublisher>();
        services.AddSingleton<LiveAgendaService>();
        services.AddSingleton<ScheduleChangeService>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveAgendaService>());
        services.AddSingleton<IGroupChatCreator, GraphGroupChatCreator>();

        services.AddSingleton<IBotCommand, AgendaCommand>();
        services.AddSingleton<IBotCommand, BindGroupChatCommand>();
        services.AddSingleton<IBotCommand, CreateGroupChatCommand>();
        services.AddSingleton<IBotCommand, ChangeAgendaCommand>();
        services.AddSingleton<IConversationEventHandler, GroupChatInstallHandler>();
        services.AddSingleton<ICardActionHandler, ScheduleChangeActions>();
        return services;
    }
}
