using Azure;
using KhConferenceBot.Bot;
using KhConferenceBot.Conferences;
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
        services.AddSingleton<IAttendanceReader, RsvpAttendanceReader>();
        services.AddSingleton<AttendanceExporter>();
        services.AddSingleton<IConfirmedDelegates, ConfirmedDelegates>();
        services.AddSingleton<IBotCommand, ExportCommand>();
        return services;
    }

    public static IEndpointRouteBuilder MapAttendanceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var secured = endpoints.MapGroup("/api/organizer").WithTags("Organizer").AddEndpointFilter<OrganizerAuthFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        secured.MapGet("/attendance.csv", (CurrentConference current, AttendanceExporter exporter, CancellationToken ct) => ExportAsync(current, exporter, ExportFormat.Csv, ct))
            .WithName("ExportAttendanceCsv")
            .WithSummary("Danh sách điểm danh, CSV UTF-8 có BOM / Attendance list as CSV (UTF-8 with BOM, opens in Excel)")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");

        secured.MapGet("/attendance.xlsx", (CurrentConference current, AttendanceExporter exporter, CancellationToken ct) => ExportAsync(current, exporter, ExportFormat.Xlsx, ct))
            .WithName("ExportAttendanceXlsx")
            .WithSummary("Danh sách điểm danh, Excel / Attendance list as XLSX")
            .Produces(StatusCodes.Status200OK, contentType: DelegateFileReader.XlsxContentType);

        // The signed link is the permission: the chat hands it to an organizer who has no bearer token in the browser.
        endpoints.MapGet("/api/organizer/exports/{token}", DownloadAsync)
            .WithTags("Organizer")
            .WithName("DownloadExport")
            .WithSummary("Tải tệp qua liên kết có chữ ký (15 phút) / Download an export through a signed 15-minute link")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(CurrentConference current, AttendanceExporter exporter, ExportFormat format, CancellationToken cancellationToken)
    {
        try
        {
            var conference = await current.GetAsync(cancellationToken).ConfigureAwait(false);
            var bytes = await exporter.ExportAsync(conference, format, cancellationToken).ConfigureAwait(false);
            return Results.File(bytes, AttendanceExporter.ContentType(format), AttendanceExporter.FileName(conference, format));
        }
        catch (Exception ex) when (ex is RequestFailedException or ConferenceNotConfiguredException)
        {
            return OrganizerEndpoints.StorageUnavailable();
        }
    }

    private static async Task<IResult> DownloadAsync(string token, CurrentConference current, ExportLinkSigner signer, AttendanceExporter exporter, HttpContext http, CancellationToken cancellationToken)
    {
        // Links travel in chat and browser history; no cache may keep the list.
        http.Response.Headers.CacheControl = "no-store";
        switch (signer.Validate(token, current.Id, out var format))
        {
            case ExportLinkStatus.Expired:
                return OrganizerProblems.Problem(StatusCodes.Status403Forbidden,
                    "Liên kết đã hết hạn (chỉ dùng được 15 phút). Gõ \"xuất\" trong trò chuyện với bot để lấy liên kết mới.",
                    "This link has expired (links last 15 minutes). Type \"export\" in the chat with the bot for a new one.");
            case ExportLinkStatus.Invalid:
                return OrganizerProblems.Problem(StatusCodes.Status403Forbidden,
                    "Liên kết không hợp lệ.",
                    "This download link is not valid.");
            default:
                return await ExportAsync(current, exporter, format, cancellationToken).ConfigureAwait(false);
        }
    }
}
