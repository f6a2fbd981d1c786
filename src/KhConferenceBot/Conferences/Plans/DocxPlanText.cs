using System.IO.Compression;
using System.Text;
using System.Xml;

namespace KhConferenceBot.Conferences.Plans;

/// <summary>
/// The text of a Word document (.docx), as lines: one per paragraph (a manual line break starts another), one per
/// table row with its cells separated by tabs, list paragraphs marked "- " as the office's bullets are in plain text.
/// The package's declared sizes are checked before anything is inflated, and the XML reader is bounded as well, so a
/// zip bomb or a lying header is refused rather than read.
/// </summary>
internal static class DocxPlanText
{
    /// <summary>Word writes a dozen or two parts; a few hundred covers images and embedded fonts.</summary>
    public const int MaxEntries = 500;

    /// <summary>The main document's XML; a long plan is well under 2 MB of XML.</summary>
    public const long MaxDocumentBytes = 8 * 1024 * 1024;

    /// <summary>All parts together, as declared in the archive; images count here.</summary>
    public const long MaxPackageBytes = 64 * 1024 * 1024;

    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string OfficeDocumentRelationship = "/officeDocument";

    /// <summary>The document's lines, or the refusal to give the organizer.</summary>
    public static (IReadOnlyList<string>? Lines, PlanRefusal? Refusal) Read(byte[] content)
    {
        try
        {
            using var archive = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
            {
                return (null, TooLarge());
            }

            long declared = 0;
            foreach (var entry in archive.Entries)
            {
                // Checked one by one so that absurd declared sizes cannot overflow the sum.
                if (entry.Length > MaxPackageBytes || (declared += entry.Length) > MaxPackageBytes)
                {
                    return (null, TooLarge());
                }
            }

            var main = archive.GetEntry(MainDocumentPath(archive)) ?? archive.GetEntry("word/document.xml");
            if (main is null)
            {
                return (null, NotWord());
            }

            // The declared size is the archive's claim; the copy below is bounded by what actually inflates.
            if (main.Length > MaxDocumentBytes || Inflate(main) is not { } xml)
            {
                return (null, TooLarge());
            }

            return (ReadBody(xml), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or IOException or XmlException)
        {
            return (null, Damaged());
        }
    }

    /// <summary>The entry's bytes, or null when it inflates beyond <see cref="MaxDocumentBytes"/>.</summary>
    private static MemoryStream? Inflate(ZipArchiveEntry entry)
    {
        using var source = entry.Open();
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = source.Read(chunk)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Where the package's relationships put the main document (Word: word/document.xml).</summary>
    private static string MainDocumentPath(ZipArchive archive)
    {
        var rels = archive.GetEntry("_rels/.rels");
        if (rels is null || rels.Length > 64 * 1024)
        {
            return "word/document.xml";
        }

        using var reader = XmlReader.Create(rels.Open(), Settings(64 * 1024));
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Relationship" }
                && reader.GetAttribute("Type")?.EndsWith(OfficeDocumentRelationship, StringComparison.Ordinal) == true
                && reader.GetAttribute("Target") is { Length: > 0 } target
                && reader.GetAttribute("TargetMode") is null or "Internal")
            {
                return target.TrimStart('/');
            }
        }

        return "word/document.xml";
    }

    private static List<string> ReadBody(MemoryStream stream)
    {
        using var _ = stream;
        using var reader = XmlReader.Create(stream, Settings(MaxDocumentBytes));
        var lines = new List<string>();
        var paragraph = new StringBuilder();
        var cells = new List<string>();
        var cellParts = new List<string>();
        var tableDepth = 0;
        var isListItem = false;
        var inText = false;
        var inRun = false;

        while (reader.Read())
        {
            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA)
            {
                // Only w:t holds visible text: deleted revisions (w:delText) and field codes (w:instrText) are left out.
                if (inText)
                {
                    paragraph.Append(reader.Value);
                }

                continue;
            }

            if (reader.NamespaceURI != WordNamespace)
            {
                continue;
            }

            var isStart = reader.NodeType == XmlNodeType.Element;
            var isEnd = reader.NodeType == XmlNodeType.EndElement || (isStart && reader.IsEmptyElement);
            switch (reader.LocalName)
            {
                case "tbl" when isStart && !reader.IsEmptyElement:
                    tableDepth++;
                    break;
                case "tbl" when isEnd:
                    tableDepth = Math.Max(0, tableDepth - 1);
                    break;
                case "tr" when isEnd && tableDepth == 1:
                    lines.Add(string.Join('\t', cells));
                    cells.Clear();
                    break;
                case "tc" when isEnd && tableDepth == 1:
                    // A cell's paragraphs are its bullet points; the parser splits them again on "; ".
                    cells.Add(string.Join("; ", cellParts));
                    cellParts.Clear();
                    break;
                case "numPr" when isStart:
                    isListItem = true;
                    break;
                case "t" when isStart && !reader.IsEmptyElement:
                    inText = true;
                    break;
                case "t" when isEnd:
                    inText = false;
                    break;
                case "r" when isStart && !reader.IsEmptyElement:
                    inRun = true;
                    break;
                case "r" when isEnd:
                    inRun = false;
                    break;

                // Tab stops and breaks also appear in paragraph properties; only those inside a run are text.
                case "tab" when isStart && inRun:
                    paragraph.Append(tableDepth > 0 ? ' ' : '\t');
                    break;
                case "br" or "cr" when isStart && inRun:
                    if (tableDepth > 0)
                    {
                        paragraph.Append(' ');
                    }
                    else
                    {
                        lines.Add(Finish(paragraph, isListItem));
                    }

                    break;
                case "p" when isEnd:
                    var text = Finish(paragraph, isListItem);
                    isListItem = false;
                    if (tableDepth > 0)
                    {
                        if (text.Trim().Length > 0)
                        {
                            cellParts.Add(text.Trim().TrimStart('-', '+', '•', ' '));
                        }
                    }
                    else
                    {
                        lines.Add(text);
                    }

                    break;
            }
        }

        return lines;
    }

    private static string Finish(StringBuilder paragraph, bool isListItem)
    {
        var text = paragraph.ToString();
        paragraph.Clear();
        return isListItem && text.Trim().Length > 0 ? "- " + text : text;
    }

    private static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static PlanRefusal TooLarge() => new(
        $"Tệp Word quá lớn sau khi giải nén (tối đa {MaxDocumentBytes / 1024 / 1024} MB nội dung). Hãy gửi bản kế hoạch không kèm hình ảnh lớn, hoặc dạng văn bản.",
        $"The Word file is too large once unpacked (at most {MaxDocumentBytes / 1024 / 1024} MB of content). Send the plan without large images, or as text.");

    private static PlanRefusal NotWord() => new(
        "Tệp không phải văn bản Word (.docx). Hãy gửi kế hoạch dạng .docx hoặc văn bản (.txt).",
        "The file is not a Word document (.docx). Send the plan as .docx or plain text (.txt).");

    private static PlanRefusal Damaged() => new(
        "Không đọc được tệp Word (.docx): tệp có thể bị hỏng. Hãy mở và lưu lại bằng Word rồi gửi lại.",
        "The Word file (.docx) could not be read: it may be damaged. Open and save it again in Word, then resend it.");
}
