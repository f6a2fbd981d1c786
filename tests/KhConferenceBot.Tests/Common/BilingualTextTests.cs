using KhConferenceBot.Common;

namespace KhConferenceBot.Tests.Common;

public sealed class BilingualTextTests
{
    [Fact]
    public void Get_Vietnamese_ReturnsVietnamese() =>
        Assert.Equal("Hội nghị", new BilingualText("Hội nghị", "Conference").Get(Language.Vi));

    [Fact]
    public void Get_English_ReturnsEnglish() =>
        Assert.Equal("Conference", new BilingualText("Hội nghị", "Conference").Get(Language.En));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Get_EnglishMissing_FallsBackToVietnamese(string english) =>
        Assert.Equal("Đã hết hạn phản hồi.", new BilingualText("Đã hết hạn phản hồi.", english).Get(Language.En));
}
