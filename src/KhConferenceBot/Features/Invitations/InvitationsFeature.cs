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
        services.AddSingleton<IScheduledSendStore, TableScheduledSendStore>();
        services.AddSingleton<ScheduledSendJob>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduledSendJob>());
        services.AddSingleton<ScheduledSends>();
        services.AddSingleton<IPersonalDataEraser, ScheduledSendPersonalData>();
        return services;
    }

    /// <summary>Where a conference's calendar file is served, relative to Conference:PublicBaseUrl.</summary>
    public static string CalendarPath(string conferenceId) => $"conferences/{conferenceId}/calendar.ics";

    /// <summary>The public calendar file here; the organizer endpoints go into the organizer group.</summary>
    public static IEndpointRouteBuilder MapInvitationsEndpoints(this IEndpointRouteBuilder endpoints, RouteGroupBuilder organizer)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        // Public like the invitation that links it: time, venue and agenda, no personal data. A draft has no calendar yet.
        endpoints.MapGet("/conferences/{conferenceId}/calendar.ics", async (string conferenceId, ConferenceDirectory conferences, TimeProvider time, HttpContext http) =>
        {
            var conference = await conferences.GetAsync(conferenceId, http.RequestAborted).ConfigureAwait(false);
            if (conference is null || conference.State is ConferenceState.Draft or ConferenceState.Archived)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không có hội nghị này.", detail: "There is no such conference.");
            }

            var ics = ConferenceCalendar.Build(conference, time.GetUtcNow());
            http.Response.Headers.ContentDisposition = "inline; filename=\"hoi-nghi.ics\"";
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(ics, ConferenceCalendar.ContentType);
        });
        organizer.MapInvitationEndpoints();
        return endpoints;
    }
}
