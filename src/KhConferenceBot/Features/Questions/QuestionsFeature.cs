using KhConferenceBot.Bot;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;

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
        services.AddSingleton<QuestionService>();
        services.AddSingleton<QuestionExportLinks>();
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

    public static IEndpointRouteBuilder MapQuestionsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/organizer/questions.csv", (HttpContext http, QuestionExportLinks links, IQuestionStore store, CurrentConference current, CancellationToken ct) =>
            ExportAsync(http, links, store, current, "csv", ct));
        endpoints.MapGet("/api/organizer/questions.xlsx", (HttpContext http, QuestionExportLinks links, IQuestionStore store, CurrentConference current, CancellationToken ct) =>
            ExportAsync(http, links, store, current, "xlsx", ct));
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, QuestionExportLinks links, IQuestionStore store, CurrentConference current, string format, CancellationToken cancellationToken)
    {
        // A signed link from the board card is the permission by itself (a browser cannot add headers); otherwise the
        // organizer API's shared check (Entra role, or X-Organizer-Key in local mode) decides.
        if (!links.HasValidSignature(http, format))
        {
            if (http.RequestServices.GetService<OrganizerAuthenticator>() is { } organizers)
            {
                var result = await organizers.AuthenticateAsync(http.Request, cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    return Results.Problem(statusCode: result.Status, title: result.TitleVi, detail: result.DetailEn);
                }
            }
            else if (!links.HasValidKey(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Cần khóa của Ban Tổ chức (X-Organizer-Key).");
            }
        }

        var conference = await current.GetAsync(cancellationToken).ConfigureAwait(false);
        var questions = await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var buffer = new MemoryStream();
        string contentType;
        if (format == "csv")
        {
            await QuestionExport.WriteCsvAsync(buffer, conference, questions, cancellationToken).ConfigureAwait(false);
            contentType = "text/csv; charset=utf-8";
        }
        else
        {
            QuestionExport.WriteXlsx(buffer, conference, questions);
            contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }

        buffer.Position = 0;
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(buffer, contentType, $"cau-hoi-{conference.Id}.{format}");
    }
}
