using KhConferenceBot.Api;
using KhConferenceBot.Bot;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KhConferenceBot.Features.Delegates;

public static class DelegatesFeature
{
    public static IServiceCollection AddDelegatesFeature(this IServiceCollection services)
    {
        services.TryAddSingleton<IDelegateStore, TableDelegateStore>();

        // The Attendance feature replaces this with its real reader (services.Replace).
        services.TryAddSingleton<IAttendanceReader, NoAttendanceReader>();
        services.AddSingleton<DelegateImporter>();
        services.AddSingleton<AttendanceExporter>();
        services.AddSingleton<IDownloadSource, AttendanceDownloads>();
        services.AddSingleton<IBotCommand, ExportCommand>();
        services.AddHostedService<SampleDelegatesLoader>();
        return services;
    }
}
