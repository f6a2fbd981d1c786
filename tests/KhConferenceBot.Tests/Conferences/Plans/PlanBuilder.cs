using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using KhConferenceBot.Testing;

namespace KhConferenceBot.Tests.Plans;

/// <summary>
/// Builds plan documents for the reader's tests, as text (tables as tab-separated rows) or as a real .docx written
/// with the OpenXML SDK (paragraphs, Word tables whose cells hold one paragraph per bullet, list paragraphs).
/// </summary>
internal sealed partial class PlanBuilder
{
    private readonly List<object> _blocks = [];

    /// <summary>The seed: plan No. 4417/KH-UBND of Khánh Hòa, as the office exported it to text.</summary>
    public static string SeedText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "plans", "seed-4417-kh-ubnd.txt"));

    public static string SamplePlanText => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "samples", "khanh-hoa-2023", "ke-hoach.txt"));

    /// <summary>A plan's opening: number, place and date, "KẾ HOẠCH" and the title.</summary>
    public static PlanBuilder Plan(
        string number = "125/KH-SNV",
        string signed = "Nha Trang, ngày 03 tháng 6 năm 2024",
        string title = "Tổ chức Hội nghị tập huấn công tác cải cách hành chính năm 2024") =>
        new PlanBuilder().Lines($"Số: {number}", signed, "", "KẾ HOẠCH", title, "");

    /// <summary>Text lines as they are; consecutive lines with tabs become one table in the .docx.</summary>
    public static PlanBuilder FromText(string text)
    {
        var builder = new PlanBuilder();
        var table = new List<string[]>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Contains('\t', StringComparison.Ordinal))
            {
                table.Add(line.Split('\t'));
                continue;
            }

            if (table.Count > 0)
            {
                builder._blocks.Add(table.ToArray());
                table.Clear();
            }

            builder._blocks.Add(line);
        }

        if (table.Count > 0)
        {
            builder._blocks.Add(table.ToArray());
        }

        return builder;
    }

    public PlanBuilder Lines(params string[] lines)
    {
        _blocks.AddRange(lines);
        return this;
    }

    public PlanBuilder Table(params string[][] rows)
    {
        _blocks.Add(rows);
        return this;
    }

    public string ToText(char separator = '\t') => string.Join('\n', _blocks.SelectMany(b => b switch
    {
        string[][] rows => rows.Select(r => string.Join(separator, r)),
        string line => line.Split('\v'),
        _ => throw new InvalidOperationException(),
    }));

    /// <summary>
    /// A Word document: "+ " and "- + " lines become list paragraphs (Word keeps the bullet out of the text), table cells
    /// written "- A - B" become one paragraph per point, "&lt;i&gt;…&lt;/i&gt;" italic runs, and every paragraph carries a
    /// tab stop in its properties (which is not text).
    /// </summary>
    public byte[] ToDocx() => ToDocx(placeholder: null);

    /// <summary>The same, with the paragraph holding <paramref name="placeholder"/> given these raw elements in its place.</summary>
    public byte[] ToDocx(string? placeholder, params OpenXmlElement[] replacement)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            foreach (var block in _blocks)
            {
                if (block is string[][] rows)
                {
                    body.Append(WordTable(rows));
                }
                else if (ListMarker().Match((string)block) is { Success: true, Length: > 0 } marker && marker.Value.Contains('+', StringComparison.Ordinal))
                {
                    body.Append(WordParagraph(((string)block)[marker.Length..], listItem: true));
                }
                else if (placeholder is not null && ((string)block).Contains(placeholder, StringComparison.Ordinal))
                {
                    var paragraph = WordParagraph(((string)block).Replace(placeholder, "", StringComparison.Ordinal), listItem: false);
                    paragraph.Append(replacement);
                    body.Append(paragraph);
                }
                else
                {
                    body.Append(WordParagraph((string)block, listItem: false));
                }
            }

            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static Table WordTable(string[][] rows)
    {
        var table = new Table();
        foreach (var row in rows)
        {
            var tableRow = new TableRow();
            foreach (var cell in row)
            {
                var points = cell.TrimStart().StartsWith("- ", StringComparison.Ordinal)
                    ? CellPoint().Split(cell.Trim()[2..])
                    : [cell];
                tableRow.Append(new TableCell(points.Select(p => WordParagraph(p.Trim(), listItem: false))));
            }

            table.Append(tableRow);
        }

        return table;
    }

    private static Paragraph WordParagraph(string text, bool listItem)
    {
        var properties = new ParagraphProperties();
        if (listItem)
        {
            properties.Append(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = 1 }));
        }

        properties.Append(new Tabs(new TabStop { Val = TabStopValues.Left, Position = 720 }));

        var paragraph = new Paragraph(properties);
        foreach (var (runText, italic) in Runs(text))
        {
            // "\v" is how Word itself writes a manual line break (Shift+Enter) in a paragraph's text.
            var pieces = runText.Split('\v');
            foreach (var piece in pieces[..^1])
            {
                paragraph.Append(new Run(new Text(piece) { Space = SpaceProcessingModeValues.Preserve }, new Break()));
            }

            var run = new Run();
            if (italic)
            {
                run.Append(new RunProperties(new Italic()));
            }

            run.Append(new Text(pieces[^1]) { Space = SpaceProcessingModeValues.Preserve });
            paragraph.Append(run);
        }

        return paragraph;
    }

    private static IEnumerable<(string Text, bool Italic)> Runs(string text)
    {
        var position = 0;
        foreach (Match match in ItalicMarkup().Matches(text))
        {
            yield return (text[position..match.Index], false);
            yield return (match.Groups[1].Value, true);
            position = match.Index + match.Length;
        }

        yield return (text[position..], false);
    }

    [GeneratedRegex(@"^\s*(?:[-+]\s*)+")]
    private static partial Regex ListMarker();

    /// <summary>" - " between points, but not inside “…” (a film title may hold a dash).</summary>
    [GeneratedRegex(@"\s-\s(?=[^”]*(?:“|$))")]
    private static partial Regex CellPoint();

    [GeneratedRegex("<i>(.*?)</i>")]
    private static partial Regex ItalicMarkup();
}
