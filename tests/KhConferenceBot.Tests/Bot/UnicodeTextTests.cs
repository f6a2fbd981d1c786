using KhConferenceBot.Bot;

namespace KhConferenceBot.Tests.Bot;

public sealed class UnicodeTextTests
{
    [Theory]
    [InlineData("tr\uFFFEợ giúp", "trợ giúp")]
    [InlineData("tro\u0302\u0323 giu\u0301p", "trộ giúp")]
    [InlineData("câu hỏi 😀", "câu hỏi 😀")]
    public void ToNfc_NoncharacterOrDecomposed_ValidNfcWithoutTheNoncharacter(string text, string expected)
    {
        Assert.Equal(expected, UnicodeText.ToNfc(text));
    }

    [Fact]
    public void ToNfc_LoneSurrogates_Dropped()
    {
        // Built in code: xUnit's theory data would replace a lone surrogate with U+FFFD before the test saw it.
        Assert.Equal("trợ giúp", UnicodeText.ToNfc("trợ" + '\uD800' + " giúp"));
        Assert.Equal("trợ giúp", UnicodeText.ToNfc('\uDC00' + "trợ giúp\uFDD0"));
        Assert.Equal("ab", UnicodeText.ToNfc("a" + '\uDBFF' + '\uDBFF' + "b"));
    }

    [Fact]
    public void ToNfc_NoncharacterInSupplementaryPlane_Dropped()
    {
        Assert.Equal("ab", UnicodeText.ToNfc("a" + char.ConvertFromUtf32(0x1FFFE) + "b"));
    }
}
