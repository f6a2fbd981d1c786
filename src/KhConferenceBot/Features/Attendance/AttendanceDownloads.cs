using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Attendance;

/// <summary>The attendance list as a download: /api/organizer/attendance.csv|xlsx and the "xuất" command's links.</summary>
internal sealed class AttendanceDownloads(AttendanceExporter exporter) : IDownloadSource
{
    public const string Name = "attendance";

    /// <summary>How long a link from "xuất" works.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromMinutes(15);

    public string Purpose => Name;

    public IReadOnlyList<string> Formats { get; } = [Format(ExportFormat.Csv), Format(ExportFormat.Xlsx)];

    public static string Format(ExportFormat format) => format == ExportFormat.Csv ? "csv" : "xlsx";

    public string ContentType(string format) => AttendanceExporter.ContentType(Parse(format));

    public string Summary(string format) => format == "csv"
        ? "Danh sách điểm danh, CSV UTF-8 có BOM / Attendance list as CSV (UTF-8 with BOM, opens in Excel)"
        : "Danh sách điểm danh, Excel / Attendance list as XLSX";

    public async Task<FileDownload> CreateAsync(Conference conference, string format, CancellationToken cancellationToken)
    {
        var parsed = Parse(format);
        var bytes = await exporter.ExportAsync(conference, parsed, cancellationToken).ConfigureAwait(false);
        return new FileDownload(bytes, AttendanceExporter.ContentType(parsed), AttendanceExporter.FileName(conference, parsed));
    }

    private static ExportFormat Parse(string format) => format == "csv" ? ExportFormat.Csv : ExportFormat.Xlsx;
}
