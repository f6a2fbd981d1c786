using KhConferenceBot.Api;
using KhConferenceBot.Bot;

namespace KhConferenceBot.Features.Questions;

public static class QuestionsFeature
{
    public static IServiceCollection AddQuestionsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<QuestionsOptions>()
            .Bind(configuration.GetSection(QuestionsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.HasValidDeadline, "Questions:Deadline must be a local time such as 10:45 or 10h45.")
            .ValidateOnStart();
        services.AddSingleton<IQuestionStore, TableQuestionStore>();
        services.AddSingleton<IQuestionPostStore, TableQuestionPostStore>();
        services.AddSingleton<Conferences.IPersonalDataEraser, QuestionPersonalData>();
        services.AddSingleton<QuestionService>();
        services.AddSingleton<IDownloadSource, QuestionDownloads>();
        services.AddSingleton<QuestionBoard>();
        services.AddSingleton<QuestionPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<QuestionPublisher>());
        services.AddHostedService<QuestionAutoPoster>();
        services.AddSingleton<IBotCommand, AskQuestionCommand>();
        services.AddSingleton<IBotCommand, MyQuestionsCommand>();
        services.AddSingleton<IBotCommand, QuestionBoardCommand>();
        services.AddSingleton<IBotCommand, PostQuestionsCommand>();
        services.AddSingleton<ICardActionHandler, QuestionCardActions>();
        services.AddSingleton<IConversationEventHandler, RememberGroupOnInstall>();
        return services;
    }
}
