using System.IO.Compression;
using System.Text;

namespace KhConferenceBot.Tests.Delegates;

/// <summary>
/// Hand-built XLSX packages, written part by part, for files no spreadsheet program would save: zip bombs, floods of rows
/// or shared strings, lying sizes, inline strings and formulas. <see cref="DelegateTestData.Xlsx"/> builds the ordinary ones.
/// </summary>
internal static class CraftedXlsx
{
    public const string SheetPath = "xl/worksheets/sheet1.xml";

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static readonly string[] Header = ["name", "group", "email"];

    /// <summary>A workbook whose first sheet holds <paramref name="rows"/> as inline strings (the first row is the header).</summary>
    public static byte[] InlineRows(params string[][] rows) => Build(sheet =>
    {
        for (var r = 0; r < rows.Length; r++)
        {
            WriteInlineRow(sheet, r + 1, rows[r]);
        }
    });

    /// <summary>
    /// The header and then <paramref name="count"/> identical delegate rows, numbered implicitly: identical rows compress
    /// about a thousand to one, so 600,000 of them are a download of tens of kilobytes.
    /// </summary>
    public static byte[] ManyRows(int count) => Build(sheet =>
    {
        WriteInlineRow(sheet, 1, Header);
        for (var r = 0; r < count; r++)
        {
            sheet.Write("<row><c t=\"inlineStr\"><is><t>Đại biểu</t></is></c></row>");
        }
    });

    /// <summary>A sheet whose XML inflates to about <paramref name="bytes"/> (one enormous cell) from a few hundred kilobytes.</summary>
    public static byte[] InflatingSheet(long bytes) => Build(sheet =>
    {
        WriteInlineRow(sheet, 1, Header);
        sheet.Write("<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>");
        var chunk = new string('A', 64 * 1024);
        for (long written = 0; written < bytes; written += chunk.Length)
        {
            sheet.Write(chunk);
        }

        sheet.Write("</t></is></c></row>");
    });

    /// <summary>A shared-string table of <paramref name="count"/> empty strings: tiny zipped, a million objects unzipped.</summary>
    public static byte[] SharedStringFlood(int count) => Build(
        sheet => WriteInlineRow(sheet, 1, Header),
        shared =>
        {
            for (var i = 0; i < count; i++)
            {
                shared.Write("<si><t/></si>");
            }
        });

    /// <summary>An ordinary small workbook padded with <paramref name="extra"/> empty entries.</summary>
    public static byte[] ManyEntries(int extra) => Build(sheet => WriteInlineRow(sheet, 1, Header), extraEntries: extra);

    /// <summary>
    /// <see cref="InflatingSheet"/> whose zip headers claim the sheet inflates to 1 KB: the reader must count real bytes,
    /// not trust the declared size.
    /// </summary>
    public static byte[] LyingSizes(long bytes)
    {
        var package = InflatingSheet(bytes);
        var name = Encoding.ASCII.GetBytes(SheetPath);

        // Local header: signature 50 4B 03 04, uncompressed size at +22, name at +30. Central header: 50 4B 01 02, size at +24, name at +46.
        PatchAt(package, [0x50, 0x4B, 0x03, 0x04], 30, name, at => BitConverter.TryWriteBytes(package.AsSpan(at + 22, 4), 1024u));
        PatchAt(package, [0x50, 0x4B, 0x01, 0x02], 46, name, at => BitConverter.TryWriteBytes(package.AsSpan(at + 24, 4), 1024u));
        return package;
    }

    /// <summary>An ordinary small workbook whose sheet claims a compression method no zip reader knows (99, AES).</summary>
    public static byte[] UnknownCompression()
    {
        var package = InlineRows(Header, ["Nguyễn Văn Hùng", "so-nganh", "hung.nguyen@khanhhoa.example"]);
        var name = Encoding.ASCII.GetBytes(SheetPath);

        // Local header: method at +8; central header: method at +10.
        PatchAt(package, [0x50, 0x4B, 0x03, 0x04], 30, name, at => BitConverter.TryWriteBytes(package.AsSpan(at + 8, 2), (ushort)99));
        PatchAt(package, [0x50, 0x4B, 0x01, 0x02], 46, name, at => BitConverter.TryWriteBytes(package.AsSpan(at + 10, 2), (ushort)99));
        return package;
    }

    public static byte[] Build(Action<TextWriter> writeRows, Action<TextWriter>? writeSharedStrings = null, int extraEntries = 0)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", w => w.Write(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "</Types>"));
            Entry(zip, "_rels/.rels", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + $"<Relationship Id=\"rId1\" Type=\"{Rel}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            Entry(zip, "xl/workbook.xml", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{Main}\" xmlns:r=\"{Rel}\"><sheets><sheet name=\"Đại biểu\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            Entry(zip, "xl/_rels/workbook.xml.rels", w => w.Write(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + $"<Relationship Id=\"rId1\" Type=\"{Rel}/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + (writeSharedStrings is null ? "" : $"<Relationship Id=\"rId2\" Type=\"{Rel}/sharedStrings\" Target=\"/xl/sharedStrings.xml\"/>")
                + "</Relationships>"));
            Entry(zip, SheetPath, w =>
            {
                w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{Main}\"><sheetData>");
                writeRows(w);
                w.Write("</sheetData></worksheet>");
            });
            if (writeSharedStrings is not null)
            {
                Entry(zip, "xl/sharedStrings.xml", w =>
                {
                    w.Write($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{Main}\">");
                    writeSharedStrings(w);
                    w.Write("</sst>");
                });
            }

            for (var i = 0; i < extraEntries; i++)
            {
                zip.CreateEntry($"xl/padding/{i}.bin", CompressionLevel.NoCompression).Open().Dispose();
            }
        }

        return buffer.ToArray();
    }

    private static void WriteInlineRow(TextWriter sheet, int row, string[] cells)
    {
        sheet.Write($"<row r=\"{row}\">");
        for (var c = 0; c < cells.Length; c++)
        {
            var text = System.Security.SecurityElement.Escape(cells[c]);
            sheet.Write($"<c r=\"{(char)('A' + c)}{row}\" t=\"inlineStr\"><is><t>{text}</t></is></c>");
        }

        sheet.Write("</row>");
    }

    private static void Entry(ZipArchive zip, string path, Action<TextWriter> write)
    {
        using var stream = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        write(writer);
    }

    /// <summary>Finds the zip header with <paramref name="signature"/> that names <paramref name="name"/> at <paramref name="nameOffset"/>.</summary>
    private static void PatchAt(byte[] package, byte[] signature, int nameOffset, byte[] name, Action<int> patch)
    {
        for (var i = 0; i + nameOffset + name.Length <= package.Length; i++)
        {
            if (package.AsSpan(i, 4).SequenceEqual(signature) && package.AsSpan(i + nameOffset, name.Length).SequenceEqual(name))
            {
                patch(i);
                return;
            }
        }

        throw new InvalidOperationException("No zip header for " + Encoding.ASCII.GetString(name));
    }
}
