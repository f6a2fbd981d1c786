using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using KhConferenceBot.Api;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Questions;

/// <summary>
/// The organizers' export. It names every author (the export is for organizers, who always see names) AND carries
/// the visibility each author chose plus the name as delegates see it, so a list printed for the hall can be taken
/// from the "shown to delegates" column without exposing anyone who asked to stay anonymous.
/// </summary>
public static class QuestionExport
{
    public const string AnonymousToDelegates = "Ẩn danh với đại biểu";

    public static readonly IReadOnlyList<string> Headers =
    [
        "Số", "Chủ đề", "Nội dung", "Tên hiển thị với đại biểu", "Người hỏi (tên thật)", "Cho phép hiển thị tên", "Đơn vị",
        "Cùng hỏi (gộp)", "Bình chọn", "Trạng thái", "Gộp vào", "Gửi lúc", "Cập nhật lúc", "Trả lời lúc",
    ];

    public static IEnumerable<string[]> Rows(Conference conference, IReadOnlyList<Question> questions)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(questions);
        foreach (var q in questions.OrderBy(q => q.Topic).ThenBy(q => q.Number))
        {
            yield return
            [
                q.Label,
                q.Topic.Title(Language.Vi),
                q.Text,
                q.Author.ShowName ? q.Author.Name : AnonymousToDelegates,
                q.Author.Name,
                q.Author.ShowName ? "Có" : "Không",
                q.Author.Unit ?? "",
                string.Join("; ", q.CoAuthors.Select(a => a.Unit is { Length: > 0 } u ? $"{a.Name} ({u})" : a.Name)),
                q.Votes.ToString(CultureInfo.InvariantCulture),
                q.State.Title(Language.Vi),
                q.MergedInto is { } m ? "#" + m.ToString(CultureInfo.InvariantCulture) : "",
                Local(conference, q.CreatedAt),
                Local(conference, q.UpdatedAt),
                q.AnsweredAt is { } a ? Local(conference, a) : "",
            ];
        }
    }

    /// <summary>UTF-8 with a byte order mark, without which Excel reads Vietnamese as mojibake.</summary>
    public static async Task WriteCsvAsync(Stream destination, Conference conference, IReadOnlyList<Question> questions, CancellationToken cancellationToken)
    {
        var options = CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        var writer = CsvWriter.Create(destination, options, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            writer.WriteHeader([.. Headers]);
            foreach (var row in Rows(conference, questions))
            {
                await writer.WriteRecordAsync(row, cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Column widths are set by hand: AdjustToContents measures text with System.Drawing fonts, absent on Linux.</summary>
    public static void WriteXlsx(Stream destination, Conference conference, IReadOnlyList<Question> questions)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Câu hỏi");
        for (var c = 0; c < Headers.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = Headers[c];
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
        }

        var r = 2;
        foreach (var row in Rows(conference, questions))
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                if (c == 8 && int.TryParse(row[c], NumberStyles.Integer, CultureInfo.InvariantCulture, out var votes))
                {
                    cell.Value = votes;
                }
                else
                {
                    // Stored as text so a question starting with "=" is never taken for a formula.
                    cell.SetValue(row[c]);
                    cell.DataType = XLDataType.Text;
                }
            }

            r++;
        }

        double[] widths = [6, 12, 80, 28, 28, 12, 30, 30, 10, 14, 10, 17, 17, 17];
        for (var c = 0; c < widths.Length; c++)
        {
            sheet.Column(c + 1).Width = widths[c];
        }

        sheet.Column(3).Style.Alignment.WrapText = true;
        sheet.SheetView.FreezeRows(1);
        workbook.SaveAs(destination);
    }

    private static string Local(Conference conference, DateTimeOffset instant) =>
        instant == DateTimeOffset.MinValue ? "" : TimeZoneInfo.ConvertTime(instant, conference.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The questions as a download: /api/organizer/questions.csv|xlsx and the board card's signed links.</summary>
internal sealed class QuestionDownloads(IQuestionStore store) : IDownloadSource
{
    public const string Name = "questions";

    public string Purpose => Name;

    public IReadOnlyList<string> Formats { get; } = ["csv", "xlsx"];

    public string ContentType(string format) => format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public string Summary(string format) => format == "csv"
        ? "Câu hỏi thảo luận, CSV UTF-8 có BOM / Discussion questions as CSV (UTF-8 with BOM)"
        : "Câu hỏi thảo luận, Excel / Discussion questions as XLSX";

    public async Task<FileDownload> CreateAsync(Conference conference, string format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var questions = await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        if (format == "csv")
        {
            await QuestionExport.WriteCsvAsync(buffer, conference, questions, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            QuestionExport.WriteXlsx(buffer, conference, questions);
        }

        return new FileDownload(buffer.ToArray(), ContentType(format), $"cau-hoi-{conference.Id}.{format}");
    }
}
