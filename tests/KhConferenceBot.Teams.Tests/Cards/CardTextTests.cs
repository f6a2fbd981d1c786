using KhConferenceBot.Teams.Cards;

namespace KhConferenceBot.Teams.Tests.Cards;

public class CardTextTests
{
    private const string Zw = "\u200B";

    [Theory]
    [InlineData("Xin chào các đại biểu", "Xin chào các đại biểu")]
    [InlineData("**đậm**", @"\*\*đậm\*\*")]
    [InlineData("ten_file_moi", @"ten\_file\_moi")]
    [InlineData("[bấm](https://x.vn)", @"\[bấm\]\(https://x.vn\)")]
    [InlineData("![ảnh](a.png)", @"!\[ảnh\]\(a.png\)")]
    [InlineData("`mã`", @"\`mã\`")]
    [InlineData("~~gạch~~", @"\~\~gạch\~\~")]
    [InlineData(@"C:\hoi-nghi", @"C:\\hoi-nghi")]
    [InlineData(@"\*", @"\\\*")]
    [InlineData("# Tiêu đề", @"\# Tiêu đề")]
    [InlineData("Phòng #3", "Phòng #3")]
    [InlineData("- mục", @"\- mục")]
    [InlineData("  - mục thụt", @"  \- mục thụt")]
    [InlineData("8h00 - 9h00", "8h00 - 9h00")]
    [InlineData("+ cộng", @"\+ cộng")]
    [InlineData("===", @"\===")]
    [InlineData("> trích dẫn", @"\> trích dẫn")]
    [InlineData("a > b", "a > b")]
    [InlineData("1. Khai mạc", @"1\. Khai mạc")]
    [InlineData("2025. Năm", @"2025\. Năm")]
    [InlineData("Phiên 1.2", "Phiên 1.2")]
    [InlineData("2025", "2025")]
    [InlineData("12h30", "12h30")]
    [InlineData("dòng một\n2. dòng hai\r\n- ba", "dòng một\n2\\. dòng hai\r\n\\- ba")]
    [InlineData("a < b & c", "a < b & c")]
    [InlineData("x<3", "x<3")]
    [InlineData("{a}", "{a}")]
    public void Plain_MarkdownSignificantText_IsEscaped(string input, string expected)
    {
        Assert.Equal(expected, CardText.Plain(input));
    }

    [Fact]
    public void Plain_DateTemplate_IsBrokenWithZeroWidthSpace()
    {
        Assert.Equal("{" + Zw + "{DATE\\(2025-11-03T01:00:00Z, SHORT\\)}" + Zw + "}", CardText.Plain("{{DATE(2025-11-03T01:00:00Z, SHORT)}}"));
    }

    [Fact]
    public void Plain_TripleBraces_NoAdjacentPairLeft()
    {
        var result = CardText.Plain("{{{x}}}");

        Assert.DoesNotContain("{{", result, StringComparison.Ordinal);
        Assert.DoesNotContain("}}", result, StringComparison.Ordinal);
        Assert.Equal("{{{x}}}", result.Replace(Zw, string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<at>KhConferenceBot</at>")]
    [InlineData("<AT>Bot</AT>")]
    [InlineData("<https://evil.example>")]
    public void Plain_TagLikeText_IsNeutralised(string input)
    {
        var result = CardText.Plain(input);

        Assert.DoesNotMatch("<[A-Za-z/]", result);
        Assert.Equal(input, result.Replace(Zw, string.Empty, StringComparison.Ordinal).Replace("\\", string.Empty, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Plain_NullOrEmpty_ReturnsEmpty(string? input)
    {
        Assert.Equal(string.Empty, CardText.Plain(input));
    }

    [Fact]
    public void Plain_AnyText_RemovingEscapesGivesOriginalBack()
    {
        const string input = "1. **Hội nghị** [2025](x) _a_ `b` ~c~ # d\n> e {{f}} <at>g</at> \\ h";

        var result = CardText.Plain(input);
        var unescaped = System.Text.RegularExpressions.Regex.Replace(result.Replace(Zw, string.Empty, StringComparison.Ordinal), @"\\(.)", "$1");

        Assert.Equal(input, unescaped);
    }
}
