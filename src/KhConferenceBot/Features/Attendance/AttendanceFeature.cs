using KhConferenceBot.Bot;
using KhConferenceBot.Api;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Attendance;

/// <summary>
/// The delegates' answers: the RSVP store and rules, the attendance list (reader, export, "xuất") and who is confirmed.
/// Invitations, Agenda and Reminders build on it; it builds only on Delegates.
/// </summary>
public static class AttendanceFeature
{
    public static IServiceCollection AddAttendanceFeature(this IServiceCollection services)
    {
        services.AddSingleton<IRsvpStore, TableRsvpStore>();
        services.AddSingleton<Conferences.IPersonalDataEraser, RsvpPersonalData>();
        services.AddSingleton<IAttendanceReader, RsvpAttendanceReader>();
        services.AddSingleton<AttendanceExporter>();
        services.AddSingleton<IDownloadSource, AttendanceDownloads>();
        services.AddSingleton<IConfirmedDelegates, ConfirmedDelegates>();
        services.AddSingleton<IBotCommand, ExportCommand>();
        services.AddSingleton<IDelegateAnswers, RsvpDelegateAnswers>();
        return services;
    }
}
