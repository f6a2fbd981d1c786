using KhConferenceBot.Bot;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Invitations;

public static class InvitationsFeature
{
    public static IServiceCollection AddInvitationsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InvitationOptions>()
            .Bind(configuration.GetSection(InvitationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddSingleton<IInvitationStateStore, TableInvitationStateStore>();
        services.AddSingleton<InvitationService>();
        services.AddSingleton<Agenda.IScheduleChangeFollower>(sp => sp.GetRequiredService<InvitationService>());
        services.AddSingleton<IBotCommand, SendInvitationsCommand>();
        services.AddSingleton<IBotCommand, InvitationStatusCommand>();
        services.AddSingleton<IBotCommand, RemindCommand>();
        services.AddSingleton<IBotCommand, RetryInvitationsCommand>();
        services.AddSingleton<ICardActionHandler, RsvpCardActions>();
        services.AddSingleton<ICardActionHandler, InvitationAdminActions>();
        services.AddSingleton<AutoReminderService>();
        services.AddHostedService(sp => sp.GetRequiredService<AutoReminderService>());
        return services;
    }

    /// <summary>The public calendar file here; the organizer endpoints go into the organizer group.</summary>
    public static IEndpointRouteBuilder MapInvitationsEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder organizer)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/conference.ics", async (CurrentConference current, TimeProvider time, HttpContext http) =>
        {
            var conference = await current.GetAsync(http.RequestAborted).ConfigureAwait(false);
            var ics = ConferenceCalendar.Build(conference, time.GetUtcNow());
            http.Response.Headers.ContentDisposition = "inline; filename=\"hoi-nghi.ics\"";
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(ics, ConferenceCalendar.ContentType);
        });
        organizer.MapInvitationEndpoints();
        return endpoints;
    }
}
