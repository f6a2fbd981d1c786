using System.Text;
using KhConferenceBot.Features.Delegates;

namespace KhConferenceBot.Tests.Delegates;

/// <summary>Hostile and odd files: each is read or refused with a Vietnamese message, within bounded memory.</summary>
public sealed class DelegateFileReaderTests
{
    private static IReadOnlyList<RawDelegateRow> Read(byte[] content) => DelegateFileReader.Read(content, DelegateFileReader.DetectFormat(content));

    private static DelegateFileException Refused(byte[] content) => Assert.Throws<DelegateFileException>(() => Read(content));

    [Fact]
    public void Read_CsvCellWithNoncharacter_DropsTheNoncharacter()
    {
        var csv = DelegateTestData.Csv(DelegateTestData.Lines(DelegateTestData.EnglishHeader, "Nguyễn\uFFFE Văn An,,,so-nganh,an@khanhhoa.example,,"));

        var row = Assert.Single(Read(csv));

        Assert.Equal("Nguyễn Văn An", row.Get(DelegateField.Name));
    }

    [Fact]
    public void Read_Utf16CellWithNoncharacterFFFF_DropsIt()
    {
        var text = DelegateTestData.Lines(DelegateTestData.EnglishHeader, "Trần Thị\uFFFF Bình,,,vcci,binh@khanhhoa.example,,");

        var row = Assert.Single(Read([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]));

        Assert.Equal("Trần Thị Bình", row.Get(DelegateField.Name));
    }

    [Theory]
    [InlineData("utf-16BE")]
    [InlineData("utf-16")]
    public void Read_Utf16WithBom_ReadsVietnamese(string encodingName)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var text = DelegateTestData.Lines(DelegateTestData.VietnameseHeader, "Lê Văn Cường;Phó Chủ tịch;UBND huyện Cam Lâm;huyen;cuong@khanhhoa.example;Cam Lâm;");

        var row = Assert.Single(Read([.. encoding.GetPreamble(), .. encoding.GetBytes(text)]));

        Assert.Equal(("Lê Văn Cường", "UBND huyện Cam Lâm"), (row.Get(DelegateField.Name), row.Get(DelegateField.Organisation)));
    }

    [Fact]
    public void Read_XlsxWithInlineStringsRichTextAndFormula_ReadsTextAndCachedValues()
    {
        var xlsx = CraftedXlsx.Build(sheet => sheet.Write(
            "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><t>Họ và tên</t></is></c><c r=\"C3\" t=\"inlineStr\"><is><t>Nhóm</t></is></c><c r=\"D3\" t=\"s\"><v>0</v></c></row>"
            + "<row r=\"4\"><c r=\"B4\" t=\"inlineStr\"><is><r><t>Phạm </t></r><r><t>Minh Tuấn</t></r><rPh><t>フリガナ</t></rPh></is></c>"
            + "<c r=\"C4\" t=\"str\"><f>LOWER(\"SO-NGANH\")</f><v>so-nganh</v></c><c r=\"D4\" t=\"s\"><v>1</v></c></row>"),
            shared => shared.Write("<si><t>Email</t></si><si><r><t>tuan</t></r><r><t>@khanhhoa.example</t></r></si>"));

        var row = Assert.Single(Read(xlsx));

        Assert.Equal((4, "Phạm Minh Tuấn", "so-nganh", "tuan@khanhhoa.example"),
            (row.RowNumber, row.Get(DelegateField.Name), row.Get(DelegateField.Group), row.Get(DelegateField.Email)));
    }

    [Fact]
    public void Read_XlsxOf600000Rows_RefusedAsTooLargeNotEmpty()
    {
        var xlsx = CraftedXlsx.ManyRows(600_000);
        Assert.True(xlsx.Length < 256 * 1024, $"the file should be small: {xlsx.Length} bytes");

        var refusal = Refused(xlsx);

        Assert.StartsWith("Tệp quá lớn", refusal.MessageVi, StringComparison.Ordinal);
        Assert.Contains("20,000", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XlsxOfExactlyMaxRows_ReadsEveryRow()
    {
        var rows = Read(CraftedXlsx.ManyRows(DelegateFileReader.MaxRows));

        Assert.Equal(DelegateFileReader.MaxRows, rows.Count);
        Assert.Equal(DelegateFileReader.MaxRows + 1, rows[^1].RowNumber);
    }

    [Fact]
    public void Read_XlsxSheetInflatingPastTheBound_RefusedAsTooLarge()
    {
        var bomb = CraftedXlsx.InflatingSheet(XlsxSheetReader.MaxInflatedBytes + 1);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb should be small: {bomb.Length} bytes");

        var refusal = Refused(bomb);

        Assert.StartsWith("Tệp quá lớn", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XlsxWhoseZipHeadersUnderstateTheSheet_RefusedWithoutInflatingPastTheBound()
    {
        var bomb = CraftedXlsx.LyingSizes(XlsxSheetReader.MaxInflatedBytes + (1024 * 1024));

        var refusal = Refused(bomb);

        // Either the inflated bytes are counted (too large) or the zip reader stops at the declared size (damaged); never a crash.
        Assert.Matches("^(Tệp quá lớn|Không đọc được tệp Excel)", refusal.MessageVi);
    }

    [Fact]
    public void Read_XlsxWithMoreSharedStringsThanTheBound_RefusedAsTooLarge()
    {
        var refusal = Refused(CraftedXlsx.SharedStringFlood(XlsxSheetReader.MaxSharedStrings + 1));

        Assert.StartsWith("Tệp quá lớn", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_XlsxWithThousandsOfZipEntries_RefusedAsTooLarge()
    {
        var refusal = Refused(CraftedXlsx.ManyEntries(XlsxSheetReader.MaxEntries));

        Assert.StartsWith("Tệp quá lớn", refusal.MessageVi, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<row r=\"0\"><c r=\"A0\" t=\"inlineStr\"><is><t>x</t></is></c></row>")]
    [InlineData("<row r=\"1\"><c r=\"AAAA1\" t=\"inlineStr\"><is><t>x</t></is></c></row>")]
    [InlineData("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row>")]
    [InlineData("<row r=\"99999999999\"><c r=\"A1\"><v>1</v></c></row>")]
    [InlineData("<row r=\"1\"><c r=\"A1\"><v>1</v></c>")]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]><row/>")]
    public void Read_XlsxWithDamagedSheet_RefusedAsDamaged(string sheetData)
    {
        var refusal = Refused(CraftedXlsx.Build(sheet => sheet.Write(sheetData)));

        Assert.Equal("Không đọc được tệp Excel (.xlsx). Tệp có thể bị hỏng.", refusal.MessageVi);
    }

    [Fact]
    public void Read_XlsxWithNoRows_RefusedAsEmpty()
    {
        var refusal = Refused(CraftedXlsx.Build(_ => { }));

        Assert.Equal("Tệp không có dữ liệu.", refusal.MessageVi);
    }
}
