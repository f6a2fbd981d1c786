using System.IO.Compression;
using System.Text;
using System.Xml;

namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// Streams the first worksheet of an XLSX package, one row at a time, within fixed bounds, so that a small hostile file
/// (a "zip bomb": a few hundred kilobytes that inflate to gigabytes of cells) is refused after reading a bounded amount.
/// </summary>
/// <remarks>
/// A workbook library loads the whole sheet into objects before the first row can be counted (1 MB of XLSX took the process
/// from 450 MB to 2.3 GB). Here only the shared-string table and the current row are held; the zip's declared sizes are
/// checked first and the bytes actually inflated are counted, because declared sizes can lie.
/// </remarks>
internal static class XlsxSheetReader
{
    /// <summary>A workbook has a dozen parts; thousands mean a crafted file.</summary>
    public const int MaxEntries = 1000;

    /// <summary>Inflated XML read from the package (workbook, relationships, shared strings, sheet) at most.</summary>
    public const long MaxInflatedBytes = 100L * 1024 * 1024;

    /// <summary>Characters held in the shared-string table; 20,000 delegates use well under a million.</summary>
    public const int MaxSharedStringChars = 16 * 1024 * 1024;

    /// <summary>Distinct texts in the workbook: 20,000 delegates have at most 140,000 (seven columns, all different).</summary>
    public const int MaxSharedStrings = 250_000;

    private const int MaxColumns = 16_384;
    private const int MaxRowNumber = 1_048_576;

    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    /// <summary>
    /// Calls <paramref name="onRow"/> for every row of the first sheet that has a cell, with its number as Excel shows it
    /// and its cell texts by zero-based column; stops when it returns false.
    /// </summary>
    /// <exception cref="DelegateFileException">The package is damaged, not a workbook, or larger than the bounds.</exception>
    public static void ReadFirstSheet(byte[] content, Func<int, IReadOnlyDictionary<int, string>, bool> onRow)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw TooLarge();
            }

            var budget = new InflateBudget();
            var workbookPath = ReadRelationships(zip, "", budget).FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target ?? throw Damaged();
            var workbookRels = ReadRelationships(zip, workbookPath, budget);
            var sheetId = FirstSheetRelationshipId(zip, workbookPath, budget) ?? throw Damaged();
            var sheetPath = workbookRels.FirstOrDefault(r => r.Id == sheetId).Target ?? throw Damaged();
            var sharedPath = workbookRels.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target;
            var shared = sharedPath is null ? [] : ReadSharedStrings(zip, sharedPath, budget);
            ReadRows(zip, sheetPath, shared, budget, onRow);
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException or FormatException or OverflowException or ArgumentException or NotSupportedException)
        {
            throw Damaged();
        }
    }

    /// <summary>The relationships of the part at <paramref name="partPath"/> ("" for the package), targets resolved to entry names.</summary>
    private static List<(string Id, string Type, string Target)> ReadRelationships(ZipArchive zip, string partPath, InflateBudget budget)
    {
        var folder = partPath.Contains('/', StringComparison.Ordinal) ? partPath[..(partPath.LastIndexOf('/') + 1)] : "";
        var relsPath = folder + "_rels/" + partPath[folder.Length..] + ".rels";
        var relationships = new List<(string, string, string)>();
        using var xml = Open(zip, relsPath, budget);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship"
                && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Target") is { } target
                && !string.Equals(xml.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase))
            {
                relationships.Add((id, xml.GetAttribute("Type") ?? "", ResolveTarget(folder, target)));
            }
        }

        return relationships;
    }

    /// <summary>A target relative to the source part's folder, or from the package root when it starts with "/".</summary>
    private static string ResolveTarget(string folder, string target)
    {
        var segments = new List<string>();
        foreach (var segment in ((target.StartsWith('/') ? "" : folder) + target).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment is not ("" or "."))
            {
                segments.Add(segment);
            }
        }

        return string.Join('/', segments);
    }

    private static string? FirstSheetRelationshipId(ZipArchive zip, string path, InflateBudget budget)
    {
        using var xml = Open(zip, path, budget);
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "sheet")
            {
                // The relationship id is r:id in whichever namespace the file uses (transitional or strict OOXML).
                for (var i = 0; i < xml.AttributeCount; i++)
                {
                    xml.MoveToAttribute(i);
                    if (xml.LocalName == "id" && xml.NamespaceURI.Length > 0)
                    {
                        return xml.Value;
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static List<string> ReadSharedStrings(ZipArchive zip, string path, InflateBudget budget)
    {
        var strings = new List<string>();
        long chars = 0;
        var text = new TextCollector();
        using var xml = Open(zip, path, budget);
        while (xml.Read())
        {
            if (xml.LocalName == "si" && (xml.NodeType == XmlNodeType.EndElement || xml.IsEmptyElement))
            {
                var value = text.Take();
                chars += value.Length;
                if (strings.Count >= MaxSharedStrings || chars > MaxSharedStringChars)
                {
                    throw TooLarge();
                }

                strings.Add(value);
            }
            else
            {
                text.Observe(xml, collectValue: false);
            }
        }

        return strings;
    }

    private static void ReadRows(ZipArchive zip, string path, List<string> shared, InflateBudget budget, Func<int, IReadOnlyDictionary<int, string>, bool> onRow)
    {
        using var xml = Open(zip, path, budget);
        var rowNumber = 0;
        var column = -1;
        string? type = null;
        var cells = new Dictionary<int, string>();
        var text = new TextCollector();
        while (xml.Read())
        {
            var isElement = xml.NodeType == XmlNodeType.Element;
            if (isElement && xml.LocalName == "row")
            {
                rowNumber = xml.GetAttribute("r") is { } r ? ParseNumber(r) : rowNumber + 1;
                if (rowNumber is < 1 or > MaxRowNumber)
                {
                    throw Damaged();
                }

                cells.Clear();
                column = -1;
            }

            if (isElement && xml.LocalName == "c")
            {
                column = xml.GetAttribute("r") is { } reference ? ColumnIndex(reference) : column + 1;
                if (column is < 0 or >= MaxColumns)
                {
                    throw Damaged();
                }

                type = xml.GetAttribute("t");
                text.Take();
            }

            if (xml.LocalName == "c" && (xml.NodeType == XmlNodeType.EndElement || (isElement && xml.IsEmptyElement)))
            {
                var value = text.Take();
                if (type == "s" && value.Length > 0)
                {
                    var index = ParseNumber(value);
                    value = index < shared.Count ? shared[index] : throw Damaged();
                }

                if (value.Length > 0)
                {
                    cells[column] = value;
                }
            }
            else if (xml.LocalName == "row" && (xml.NodeType == XmlNodeType.EndElement || (isElement && xml.IsEmptyElement)))
            {
                if (cells.Count > 0 && !onRow(rowNumber, cells))
                {
                    return;
                }
            }
            else
            {
                text.Observe(xml, collectValue: true);
            }
        }
    }

    private static int ParseNumber(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : throw Damaged();

    /// <summary>"C7" → 2; letters only, A = 0.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (c is >= 'A' and <= 'Z')
            {
                index = (index * 26) + (c - 'A' + 1);
                if (++letters > 3)
                {
                    return -1;
                }
            }
            else
            {
                break;
            }
        }

        return letters == 0 ? -1 : index - 1;
    }

    private static XmlReader Open(ZipArchive zip, string path, InflateBudget budget)
    {
        var entry = zip.GetEntry(path) ?? throw Damaged();
        budget.Declare(entry.Length);
        return XmlReader.Create(new BudgetedStream(entry.Open(), budget), XmlSettings);
    }

    private static DelegateFileException Damaged() => new(
        "Không đọc được tệp Excel (.xlsx). Tệp có thể bị hỏng.",
        "The Excel file (.xlsx) could not be read. It may be damaged.");

    internal static DelegateFileException TooLarge() => new(
        $"Tệp quá lớn: bảng tính khi giải nén vượt quá giới hạn (tối đa {MaxInflatedBytes / 1024 / 1024} MB dữ liệu, {DelegateFileReader.MaxRows:N0} dòng). Hãy chia thành nhiều tệp nhỏ hơn.",
        $"The file is too large: the workbook inflates beyond the limit (at most {MaxInflatedBytes / 1024 / 1024} MB of data, {DelegateFileReader.MaxRows:N0} rows). Split it into smaller files.");

    /// <summary>
    /// Gathers a cell's or shared string's text from a flat walk of the XML: the cached value (v, never the formula f) and
    /// the runs of text (t), leaving out phonetic hints (rPh).
    /// </summary>
    private sealed class TextCollector
    {
        private readonly StringBuilder _text = new();
        private bool _inValue;
        private bool _inText;
        private bool _inPhonetic;

        public void Observe(XmlReader xml, bool collectValue)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when !xml.IsEmptyElement:
                    Mark(xml.LocalName, true, collectValue);
                    break;
                case XmlNodeType.EndElement:
                    Mark(xml.LocalName, false, collectValue);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                    when _inValue || (_inText && !_inPhonetic):
                    _text.Append(xml.Value);
                    break;
            }
        }

        public string Take()
        {
            var text = _text.Length == 0 ? "" : _text.ToString();
            _text.Clear();
            return text;
        }

        private void Mark(string name, bool open, bool collectValue)
        {
            switch (name)
            {
                case "v" when collectValue:
                    _inValue = open;
                    break;
                case "t":
                    _inText = open;
                    break;
                case "rPh":
                    _inPhonetic = open;
                    break;
            }
        }
    }

    /// <summary>What may still be inflated: declared sizes are charged up front, real bytes as they are read.</summary>
    private sealed class InflateBudget
    {
        private long _declared;
        private long _read;

        public void Declare(long length)
        {
            _declared += length;
            if (_declared > MaxInflatedBytes)
            {
                throw TooLarge();
            }
        }

        public void Charge(int bytes)
        {
            _read += bytes;
            if (_read > MaxInflatedBytes)
            {
                throw TooLarge();
            }
        }
    }

    private sealed class BudgetedStream(Stream inner, InflateBudget budget) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            budget.Charge(read);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
