using KhConferenceBot.Bot;

namespace KhConferenceBot.Tests.Bot;

public sealed class CommandTextTests
{
    [Theory]
    [InlineData("<at>KhConferenceBot</at> trợ giúp", "trợ giúp")]
    [InlineData("<AT id=\"0\">Bot</AT>chương trình <at>Ai đó</at>", "chương trình")]
    [InlineData("<at>KhConferenceBot trợ giúp", "<at>KhConferenceBot trợ giúp")]
    [InlineData("trợ giúp <at", "trợ giúp <at")]
    [InlineData("", "")]
    public void StripMentions_Text_MentionsRemoved(string text, string expected)
    {
        Assert.Equal(expected, CommandText.StripMentions(text));
    }

    [Fact]
    public void StripMentions_ThousandsOfUnclosedTags_ReturnsTheTextUnchanged()
    {
        // The former regular expression backtracked over this until its timeout threw, and the sender got no reply.
        var text = string.Concat(Enumerable.Repeat("<at ", 40_000));

        Assert.Equal(text.Trim(), CommandText.StripMentions(text));
    }

    [Theory]
    [InlineData("tr\uFFFEợ giúp", "trợ giúp")]
    [InlineData("\uFFFE", "")]
    public void Normalize_TextWithNoncharacter_NormalizedWithoutIt(string text, string expected)
    {
        Assert.Equal(expected, CommandText.Normalize(text));
    }

    [Fact]
    public void Normalize_TextWithLoneSurrogate_NormalizedWithoutIt()
    {
        Assert.Equal("trợ giúp", CommandText.Normalize('\uD800' + "TRỢ GIÚP!"));
    }
}
