using System.Text;
using CsvHelper;

namespace KhConferenceBot.Features.Delegates;

public enum DelegateFileFormat
{
    Csv,
    Xlsx,
}

/// <summary>The columns an import understands.</summary>
public enum DelegateField
{
    Name,
    Position,
    Organisation,
    Group,
    Email,
    District,
    AadObjectId,
    Channel,
}

/// <summary>One data row as read: its row number in the file (as Excel shows it) and its cells by column.</summary>
public sealed record RawDelegateRow(int RowNumber, IReadOnlyDictionary<DelegateField, string> Values)
{
    public string? Get(DelegateField field) => Values.TryGetValue(field, out var value) ? value : null;
}

/// <summary>A file that could not be read as a delegate list at all (wrong format, no header, too large).</summary>
public sealed class DelegateFileException(string messageVi, string messageEn) : Exception(messageEn)
{
    public string MessageVi { get; } = messageVi;

    public string MessageEn { get; } = messageEn;
}

/// <summary>Reads delegate lists from CSV (comma or semicolon; UTF-8 with or without BOM, or UTF-16 with BOM) and XLSX (first sheet).</summary>
public static class DelegateFileReader
{
    /// <summary>Generous for ~20,000 delegates, small enough that a hostile upload cannot exhaust memory.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public const int MaxRows = 20_000;

    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly Dictionary<string, DelegateField> HeaderKeys = new(StringComparer.Ordinal)
    {
        ["hovaten"] = DelegateField.Name,
        ["hoten"] = DelegateField.Name,
        ["ten"] = DelegateField.Name,
        ["name"] = DelegateField.Name,
        ["fullname"] = DelegateField.Name,
        ["chucvu"] = DelegateField.Position,
        ["position"] = DelegateField.Position,
        ["title"] = DelegateField.Position,
        ["coquan"] = DelegateField.Organisation,
        ["donvi"] = DelegateField.Organisation,
        ["coquandonvi"] = DelegateField.Organisation,
        ["organisation"] = DelegateField.Organisation,
        ["organization"] = DelegateField.Organisation,
        ["nhom"] = DelegateField.Group,
        ["nhomdaibieu"] = DelegateField.Group,
        ["group"] = DelegateField.Group,
        ["groupid"] = DelegateField.Group,
        ["email"] = DelegateField.Email,
        ["thudientu"] = DelegateField.Email,
        ["diaphuong"] = DelegateField.District,
        ["district"] = DelegateField.District,
        ["aadobjectid"] = DelegateField.AadObjectId,
        ["objectid"] = DelegateField.AadObjectId,
        ["kenh"] = DelegateField.Channel,
        ["kenhgui"] = DelegateField.Channel,
        ["channel"] = DelegateField.Channel,
    };

    /// <summary>Reads at most <see cref="MaxBytes"/> from <paramref name="stream"/>.</summary>
    public static async Task<byte[]> ReadLimitedAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw new DelegateFileException(
                    $"Tệp quá lớn (tối đa {MaxBytes / 1024 / 1024} MB).",
                    $"The file is too large (at most {MaxBytes / 1024 / 1024} MB).");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The format by content: XLSX files are ZIP archives; everything else is read as CSV.</summary>
    public static DelegateFileFormat DetectFormat(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            return DelegateFileFormat.Xlsx;
        }

        if (content.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            throw new DelegateFileException(
                "Tệp Excel 97-2003 (.xls) không được hỗ trợ. Hãy lưu lại thành .xlsx hoặc CSV UTF-8.",
                "Excel 97-2003 files (.xls) are not supported. Save the file as .xlsx or CSV UTF-8.");
        }

        return DelegateFileFormat.Csv;
    }

    public static IReadOnlyList<RawDelegateRow> Read(byte[] content, DelegateFileFormat format)
    {
        ArgumentNullException.ThrowIfNull(content);
        return format == DelegateFileFormat.Xlsx ? ReadXlsx(content) : ReadCsv(content);
    }

    internal static IReadOnlyList<RawDelegateRow> ReadCsv(byte[] content)
    {
        var text = Decode(content);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Empty();
        }

        // Excel writes "sep=;" first when asked to; the reader honours that hint and counts the line, so row numbers stay right.
        var hasHint = text.StartsWith("sep=", StringComparison.OrdinalIgnoreCase);
        var options = new CsvReaderOptions
        {
            Separator = hasHint ? null : DetectSeparator(text),
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = true,
        };

        var rows = new List<RawDelegateRow>();
        try
        {
            using var reader = CsvReader.FromText(text, options);
            var separator = reader.Separator;
            if (separator is not (',' or ';'))
            {
                throw new DelegateFileException(
                    "Tệp CSV phải phân cách bằng dấu phẩy (,) hoặc dấu chấm phẩy (;).",
                    "CSV files must be separated by commas (,) or semicolons (;).");
            }

            var columns = MapHeader(reader.Headers);
            while (reader.Read())
            {
                if (rows.Count >= MaxRows)
                {
                    throw TooManyRows();
                }

                var values = new Dictionary<DelegateField, string>();
                foreach (var (index, field) in columns)
                {
                    if (index < reader.FieldCount && DelegateText.Clean(reader.GetString(index)) is { } value)
                    {
                        values[field] = value;
                    }
                }

                if (values.Count > 0)
                {
                    rows.Add(new RawDelegateRow((int)reader.LineNumber, values));
                }
            }
        }
        catch (CsvFormatException ex)
        {
            throw new DelegateFileException(
                $"Tệp CSV bị lỗi định dạng (khoảng dòng {ex.LineNumber}).",
                $"The CSV file is malformed (around line {ex.LineNumber}).");
        }

        return rows;
    }

    internal static IReadOnlyList<RawDelegateRow> ReadXlsx(byte[] content)
    {
        List<(int Index, DelegateField Field)>? columns = null;
        var rows = new List<RawDelegateRow>();
        XlsxSheetReader.ReadFirstSheet(content, (rowNumber, cells) =>
        {
            if (columns is null)
            {
                // The first row with any text is the header, wherever it starts.
                var headers = new string[cells.Keys.Max() + 1];
                Array.Fill(headers, "");
                foreach (var (column, text) in cells)
                {
                    headers[column] = text;
                }

                columns = MapHeader(headers);
                return true;
            }

            var values = new Dictionary<DelegateField, string>();
            foreach (var (index, field) in columns)
            {
                if (cells.TryGetValue(index, out var text) && DelegateText.Clean(text) is { } value)
                {
                    values[field] = value;
                }
            }

            if (values.Count > 0)
            {
                if (rows.Count >= MaxRows)
                {
                    throw TooManyRows();
                }

                rows.Add(new RawDelegateRow(rowNumber, values));
            }

            return true;
        });

        return columns is null ? throw Empty() : rows;
    }

    private static List<(int Index, DelegateField Field)> MapHeader(IReadOnlyList<string> headers)
    {
        var columns = new List<(int, DelegateField)>();
        var seen = new HashSet<DelegateField>();
        for (var i = 0; i < headers.Count; i++)
        {
            if (HeaderKeys.TryGetValue(DelegateText.Key(headers[i]), out var field))
            {
                if (!seen.Add(field))
                {
                    throw new DelegateFileException(
                        $"Cột \"{DelegateText.Clean(headers[i])}\" xuất hiện hai lần ở dòng tiêu đề.",
                        $"Column \"{DelegateText.Clean(headers[i])}\" appears twice in the header.");
                }

                columns.Add((i, field));
            }
        }

        var missing = new List<string>();
        if (!seen.Contains(DelegateField.Name))
        {
            missing.Add("\"Họ và tên\" (name)");
        }

        if (!seen.Contains(DelegateField.Group))
        {
            missing.Add("\"Nhóm\" (group)");
        }

        if (!seen.Contains(DelegateField.Email) && !seen.Contains(DelegateField.AadObjectId))
        {
            missing.Add("\"Email\"");
        }

        if (missing.Count > 0)
        {
            var list = string.Join(", ", missing);
            throw new DelegateFileException(
                $"Dòng tiêu đề thiếu cột {list}. Dòng đầu tiên của tệp phải là tiêu đề: Họ và tên, Chức vụ, Cơ quan, Nhóm, Email, Địa phương.",
                $"The header lacks the column(s) {list}. The first row must be the header: name, position, organisation, group, email, district.");
        }

        return columns;
    }

    private static string Decode(byte[] content)
    {
        var span = content.AsSpan();
        if (span.StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }))
        {
            span = span[3..];
        }
        else if (span.StartsWith(new byte[] { 0xFF, 0xFE }))
        {
            // Excel's "Unicode text" is UTF-16 little-endian; the BOM says which order the bytes are in.
            return Encoding.Unicode.GetString(span[2..]);
        }
        else if (span.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return Encoding.BigEndianUnicode.GetString(span[2..]);
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(span);
        }
        catch (DecoderFallbackException)
        {
            throw new DelegateFileException(
                "Tệp CSV không ở mã UTF-8 (có thể là TCVN3/VNI hoặc Windows-1258). Trong Excel, hãy chọn Lưu thành \"CSV UTF-8\".",
                "The CSV file is not UTF-8 (perhaps TCVN3/VNI or Windows-1258). In Excel, use Save As \"CSV UTF-8\".");
        }
    }

    /// <summary>Only comma or semicolon (Excel in Vietnamese locale writes semicolons): whichever the header line uses more, outside quotes.</summary>
    private static char DetectSeparator(string text)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    private static DelegateFileException Empty() => new(
        "Tệp không có dữ liệu.",
        "The file holds no data.");

    private static DelegateFileException TooManyRows() => new(
        $"Tệp quá lớn: có hơn {MaxRows:N0} dòng đại biểu (tối đa {MaxRows:N0}). Hãy chia thành nhiều tệp nhỏ hơn.",
        $"The file is too large: it has more than {MaxRows:N0} delegate rows (at most {MaxRows:N0}). Split it into smaller files.");
}
