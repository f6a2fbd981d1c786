using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Features.Attendance;

/// <summary>One line of the attendance list, already in the words the organizers read.</summary>
public sealed record AttendanceExportLine(
    string Name,
    string Position,
    string Organisation,
    string Group,
    string Category,
    string Answer,
    string Substitute,
    string Reason,
    string AnsweredAt,
    string DeliveryState);

/// <summary>The attendance list (every delegate with their answer) as CSV for Excel and as XLSX, headed in Vietnamese.</summary>
public sealed class AttendanceExporter(IDelegateStore delegates, IAttendanceReader attendance)
{
    public const string CsvContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> Headers =
        ["Họ và tên", "Chức vụ", "Cơ quan", "Nhóm", "Thành phần", "Trả lời", "Người dự thay", "Lý do", "Thời điểm trả lời", "Tình trạng gửi"];

    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");

    public static string FileName(Conference conference, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(conference);
        return $"diem-danh-{conference.Id}.{(format == ExportFormat.Csv ? "csv" : "xlsx")}";
    }

    public static string ContentType(ExportFormat format) => format == ExportFormat.Csv ? CsvContentType : DelegateFileReader.XlsxContentType;

    public const string NoTeamsAccount = "Chưa có tài khoản Teams";
    public const string NotSent = "Chưa gửi";

    public async Task<IReadOnlyList<AttendanceExportLine>> BuildLinesAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var list = await delegates.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var answers = await attendance.ReadAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var groupOrder = conference.Groups.Select((g, i) => (g.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.OrdinalIgnoreCase);
        var zone = conference.Zone;

        return [.. list
            .OrderBy(d => groupOrder.TryGetValue(d.GroupId, out var order) ? order : int.MaxValue)
            .ThenBy(d => d.Name, StringComparer.Create(Vietnamese, ignoreCase: true))
            .Select(d =>
            {
                var row = answers.TryGetValue(d.Id, out var found) ? found : new AttendanceRow(AttendanceAnswer.Pending);
                var substitute = string.Join(" - ", new[] { row.SubstituteName, row.SubstitutePosition }.Where(s => !string.IsNullOrWhiteSpace(s)));
                var answeredAt = row.AnsweredAt is { } at ? FormatLocal(TimeZoneInfo.ConvertTime(at, zone)) : "";
                return new AttendanceExportLine(
                    d.Name,
                    d.Position ?? "",
                    d.Organisation ?? "",
                    conference.FindGroup(d.GroupId)?.Name.Vi ?? d.GroupId,
                    CategoryText(d.Category),
                    AnswerText(row.Answer),
                    substitute,
                    row.Reason ?? "",
                    answeredAt,
                    row.DeliveryState ?? (string.IsNullOrWhiteSpace(d.AadObjectId) ? NoTeamsAccount : NotSent));
            })];
    }

    public async Task<byte[]> ExportAsync(Conference conference, ExportFormat format, CancellationToken cancellationToken)
    {
        var lines = await BuildLinesAsync(conference, cancellationToken).ConfigureAwait(false);
        return format == ExportFormat.Csv ? WriteCsv(lines) : WriteXlsx(lines);
    }

    public static string CategoryText(DelegateCategory category) => category == DelegateCategory.Summoned ? "Đại biểu triệu tập" : "Đại biểu mời";

    public static string AnswerText(AttendanceAnswer answer) => answer switch
    {
        AttendanceAnswer.Attending => "Tham dự",
        AttendanceAnswer.Declined => "Không tham dự",
        AttendanceAnswer.Substitute => "Cử người dự thay",
        AttendanceAnswer.Registered => "Đã đăng ký",
        _ => "Chưa trả lời",
    };

    internal static byte[] WriteCsv(IReadOnlyList<AttendanceExportLine> lines) => Csv(Headers, lines.Select(Fields));

    internal static byte[] WriteXlsx(IReadOnlyList<AttendanceExportLine> lines) =>
        Xlsx("Điểm danh", Headers, [28, 30, 34, 40, 20, 18, 30, 30, 18, 16], lines.Select(Fields));

    /// <summary>
    /// A list as CSV for Excel, every export's one writer. UTF-8 with a BOM: without it Excel on Windows reads the file
    /// as the ANSI code page and mangles every diacritic.
    /// </summary>
    public static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var output = new MemoryStream();
        var options = new CsvWriterOptions
        {
            WriteByteOrderMark = true,

            // Names come from uploaded spreadsheets: a cell starting with = + - @ must stay text when Excel opens the file.
            Injection = CsvInjection.Escape,
        };
        using (var writer = CsvWriter.Create(output, options, leaveOpen: true))
        {
            writer.WriteHeader([.. headers]);
            foreach (var row in rows)
            {
                foreach (var value in row)
                {
                    writer.WriteField(value);
                }

                writer.EndRecord();
            }

            writer.Flush();
        }

        return output.ToArray();
    }

    /// <summary>A list as one XLSX sheet, every export's one writer: a bold header row, frozen, with a filter; text cells only.</summary>
    public static byte[] Xlsx(string sheetName, IReadOnlyList<string> headers, IReadOnlyList<double> widths, IEnumerable<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(rows);
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add(sheetName);
        for (var c = 0; c < headers.Count; c++)
        {
            var cell = sheet.Cell(1, c + 1);
            SetText(cell, headers[c]);
            cell.Style.Font.Bold = true;
            cell.Style.Fill.BackgroundColor = XLColor.LightGray;
        }

        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                SetText(sheet.Cell(r, c + 1), row[c]);
            }

            r++;
        }

        // Fixed widths: AdjustToContents measures text with System.Drawing fonts, which are missing on Linux servers.
        for (var c = 0; c < widths.Count; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.SheetView.FreezeRows(1);
        sheet.RangeUsed()?.SetAutoFilter();
        using var output = new MemoryStream();
        workbook.SaveAs(output);
        return output.ToArray();
    }

    /// <summary>Always a text cell, never a formula or a number, whatever the delegate's name starts with.</summary>
    private static void SetText(IXLCell cell, string value)
    {
        cell.DataType = XLDataType.Text;
        cell.SetValue(value);
        cell.DataType = XLDataType.Text;
    }

    private static string[] Fields(AttendanceExportLine l) =>
        [l.Name, l.Position, l.Organisation, l.Group, l.Category, l.Answer, l.Substitute, l.Reason, l.AnsweredAt, l.DeliveryState];

    /// <summary>"08h02 01/12/2026", as the lists write times.</summary>
    public static string FormatLocal(DateTimeOffset local) =>
        $"{AgendaTime.Format(TimeOnly.FromDateTime(local.DateTime))} {local.Day:00}/{local.Month:00}/{local.Year}";
}
