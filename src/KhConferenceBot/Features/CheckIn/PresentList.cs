using System.Globalization;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Attendance;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>
/// The list of those present, by unit, for the minutes: one row per check-in (walk-ins included), ordered by unit then
/// name, numbered, with when and at which desk. Written by the attendance list's CSV and XLSX writers.
/// </summary>
public sealed class PresentList(CheckInStore store)
{
    public static readonly IReadOnlyList<string> Headers =
        ["STT", "Đơn vị", "Họ và tên", "Chức vụ", "Nhóm", "Dự thay cho", "Thời điểm điểm danh", "Bàn đón tiếp", "Ghi chú"];

    private static readonly double[] Widths = [6, 36, 28, 30, 36, 24, 20, 16, 24];
    private static readonly StringComparer Vietnamese = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), ignoreCase: true);

    public static string FileName(Conference conference, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(conference);
        return $"co-mat-{conference.Id}.{(format == ExportFormat.Csv ? "csv" : "xlsx")}";
    }

    public async Task<IReadOnlyList<string[]>> RowsAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var present = await store.ListCheckInsAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        return [.. present
            .OrderBy(r => string.IsNullOrWhiteSpace(r.Organisation) ? 1 : 0)
            .ThenBy(r => r.Organisation ?? "", Vietnamese)
            .ThenBy(r => r.Name, Vietnamese)
            .Select((r, i) => new[]
            {
                (i + 1).ToString(CultureInfo.InvariantCulture),
                r.Organisation ?? "",
                r.Name,
                r.Position ?? "",
                conference.FindGroup(r.GroupId)?.Name.Vi ?? r.GroupId ?? "",
                r.SubstituteForName ?? "",
                AttendanceExporter.FormatLocal(TimeZoneInfo.ConvertTime(r.CheckedInAt, conference.Zone)),
                r.Desk,
                r.IsWalkIn ? "Khách không có giấy mời" : "",
            })];
    }

    public async Task<byte[]> ExportAsync(Conference conference, ExportFormat format, CancellationToken cancellationToken)
    {
        var rows = await RowsAsync(conference, cancellationToken).ConfigureAwait(false);
        return format == ExportFormat.Csv ? AttendanceExporter.Csv(Headers, rows) : AttendanceExporter.Xlsx("Có mặt", Headers, Widths, rows);
    }
}

/// <summary>The present list as a download: /api/organizer/conferences/{id}/present.csv|xlsx and the workspace's Exports page.</summary>
internal sealed class PresentListDownloads(PresentList list) : IDownloadSource
{
    public const string Name = "present";

    public string Purpose => Name;

    public IReadOnlyList<string> Formats { get; } = ["csv", "xlsx"];

    public string ContentType(string format) => AttendanceExporter.ContentType(Parse(format));

    public string Summary(string format) => format == "csv"
        ? "Danh sách có mặt theo đơn vị, CSV UTF-8 có BOM / Those present by unit, as CSV"
        : "Danh sách có mặt theo đơn vị, Excel / Those present by unit, as XLSX";

    public async Task<FileDownload> CreateAsync(Conference conference, string format, CancellationToken cancellationToken)
    {
        var parsed = Parse(format);
        return new FileDownload(await list.ExportAsync(conference, parsed, cancellationToken).ConfigureAwait(false), AttendanceExporter.ContentType(parsed), PresentList.FileName(conference, parsed));
    }

    private static ExportFormat Parse(string format) => format == "csv" ? ExportFormat.Csv : ExportFormat.Xlsx;
}
