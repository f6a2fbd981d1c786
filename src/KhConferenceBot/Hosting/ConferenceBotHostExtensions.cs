using Azure.Data.Tables;
using KhConferenceBot.Api;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.CheckIn;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Guests;
using KhConferenceBot.Features.Invitations;
using KhConferenceBot.Features.Planning;
using KhConferenceBot.Features.Questions;
using KhConferenceBot.Features.Reminders;
using KhConferenceBot.Features.Welcome;
using KhConferenceBot.Graph;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Workspace;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Hosting;

public static partial class ConferenceBotHostExtensions
{
    /// <summary>Where scripts/run serves the bot; the public address in local mode unless told otherwise.</summary>
    public const string LocalBaseUrl = "http://127.0.0.1:3978";

    public static WebApplicationBuilder AddConferenceBot(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.TryAddSingletonTimeProvider();
        services.AddProblemDetails();

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ConferenceOptions>()
            .Bind(configuration.GetSection(ConferenceOptions.SectionName))
            .PostConfigure<IOptions<BotAuthenticationOptions>>((conference, bot) =>
            {
                if (bot.Value.IsLocalMode && string.IsNullOrWhiteSpace(conference.PublicBaseUrl))
                {
                    conference.PublicBaseUrl = LocalBaseUrl;
                }
            })
            .ValidateDataAnnotations()
            .Validate(o => LanguageExtensions.Parse(o.DefaultLanguage) is not null, "Conference:DefaultLanguage must be 'vi' or 'en'.")
            .Validate(o => ConferenceOptions.TryBaseUri(o.PublicBaseUrl) is not null,
                "Conference:PublicBaseUrl must be the bot's public http(s) address (calendar and download links point there).")
            .ValidateOnStart();

        services.AddBotAuthentication(configuration);
        services.AddSettingsValidation();
        services.AddTeamsConnector(configuration);
        services.AddConferenceGraph(configuration);
        services.AddOutbox(configuration);

        services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddSingleton<TableStore>();
        services.AddSingleton<IConversationReferenceStore, TableConversationReferenceStore>();
        services.AddSingleton<IUserPreferenceStore, TableUserPreferenceStore>();
        services.AddSingleton<IConferenceStore, TableConferenceStore>();
        services.AddSingleton<ConferenceDirectory>();
        services.AddSingleton<IConferenceRoleStore, TableConferenceRoleStore>();
        services.AddSingleton<ConferenceRoles>();

        services.AddSingleton<CommandCatalog>();
        services.AddSingleton<ConferenceResolver>();
        services.AddSingleton<TurnReplies>();
        services.AddSingleton<TurnFollowUps>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnFollowUps>());
        services.AddSingleton<ActivityRouter>();
        services.AddSingleton<BotMetrics>();

        // Each feature registers only its own parts (docs/architecture.md); the order is the help card's order of commands.
        services.AddWelcomeFeature();
        services.AddSingleton<ConferenceChoiceCommand>();
        services.AddSingleton<IBotCommand>(sp => sp.GetRequiredService<ConferenceChoiceCommand>());
        services.AddSingleton<ICardActionHandler>(sp => sp.GetRequiredService<ConferenceChoiceCommand>());
        services.AddInvitationsFeature(configuration);
        services.AddAgendaFeature(configuration);
        services.AddRemindersFeature(configuration);
        services.AddQuestionsFeature(configuration);
        services.AddDelegatesFeature();
        services.AddPlanningFeature(configuration);
        services.AddConferenceRetention(configuration);
        services.AddAttendanceFeature();
        services.AddGuestsFeature(configuration);
        services.AddCheckInFeature(configuration);
        services.AddOrganizerApi(configuration);
        services.AddWorkspace(configuration);
        services.AddTurnCaches();
        services.AddApiExceptionHandling();
        services.AddConferenceHealthChecks();

        builder.AddConferenceTelemetry();
        services.AddHostedService<StartupReport>();
        return builder;
    }

    public static WebApplication MapConferenceBot(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // Explicit, so that authentication runs inside the exception handler rather than before it.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.MapBotEndpoint();
        app.MapHealthEndpoints();
        var organizer = app.MapOrganizerApi();
        organizer.Organizer.MapDelegateEndpoints();
        organizer.MapDownloads();
        organizer.MapConferenceEndpoints();
        organizer.Reception.MapCheckInEndpoints();
        organizer.Organizer.MapAbsenceEndpoints();
        app.MapInvitationsEndpoints(organizer.Organizer);
        organizer.MapPlanningEndpoints();
        app.MapGuestsEndpoints();
        app.MapWorkspace();
        return app;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}

/// <summary>Says loudly at start-up when inbound authentication is off.</summary>
internal sealed partial class StartupReport(IBotRequestAuthenticator authenticator, IOptions<ConferenceOptions> conference, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (authenticator.IsDisabled)
        {
            LogAuthDisabled(logger);
        }

        if (conference.Value.Organizers.Count == 0)
        {
            LogNoOrganizers(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot:MicrosoftAppId is empty: LOCAL MODE. Inbound requests are NOT authenticated and outbound calls carry no token. Never run like this on a public address.")]
    private static partial void LogAuthDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conference:Organizers is empty: nobody can create conferences except holders of the Conference.Create app role.")]
    private static partial void LogNoOrganizers(ILogger logger);
}
