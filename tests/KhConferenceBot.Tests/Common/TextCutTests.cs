using System.Globalization;
using System.Text;
using KhConferenceBot.Common;

namespace KhConferenceBot.Tests.Common;

public sealed class TextCutTests
{
    private const string Agenda = "Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội của tỉnh năm 2023";

    [Fact]
    public void Shorten_ShortText_ReturnsItOnOneLine() =>
        Assert.Equal("Khai mạc hội nghị", TextCut.Shorten("Khai mạc\r\n  hội nghị ", 60));

    [Fact]
    public void Shorten_CutInsideWord_EndsAfterTheLastWholeWord()
    {
        var cut = TextCut.Shorten(Agenda, 74);

        Assert.Equal("Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội của tỉnh…", cut);
    }

    [Fact]
    public void Shorten_CutBetweenWords_KeepsTheWholeLastWord() =>
        Assert.Equal("Báo cáo kết quả…", TextCut.Shorten(Agenda, 16));

    [Fact]
    public void Shorten_CutAfterPunctuation_DropsTheDanglingMark() =>
        Assert.Equal("Báo cáo kết quả thực hiện nhiệm vụ phát triển kinh tế…", TextCut.Shorten(Agenda, 57));

    [Theory]
    [InlineData(10)]
    [InlineData(40)]
    [InlineData(74)]
    public void Shorten_LongText_FitsTheRoomAndEndsWithOneEllipsisCharacter(int max)
    {
        var cut = TextCut.Shorten(Agenda, max);

        Assert.True(new StringInfo(cut).LengthInTextElements <= max, cut);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.DoesNotContain("...", cut, StringComparison.Ordinal);
        Assert.StartsWith(cut[..^1], Agenda, StringComparison.Ordinal);
    }

    [Fact]
    public void Shorten_OneLongWord_CutsInsideItRatherThanDroppingIt() =>
        Assert.Equal("https://khanhhoa.gov.vn/a…", TextCut.Shorten("https://khanhhoa.gov.vn/a/very/long/path", 26));

    [Fact]
    public void Shorten_DecomposedVietnamese_NeverSplitsALetterFromItsMarks()
    {
        var decomposed = "Tổng kết ngày hội".Normalize(NormalizationForm.FormD);

        var cut = TextCut.Shorten(decomposed, 5);

        Assert.Equal("Tổng…".Normalize(NormalizationForm.FormD), cut);
    }
}
