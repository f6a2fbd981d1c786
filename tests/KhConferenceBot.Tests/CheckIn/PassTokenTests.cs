using System.Security.Cryptography;
using System.Text;
using KhConferenceBot.Features.CheckIn;

namespace KhConferenceBot.Tests.CheckIn;

public sealed class PassTokenTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Read_TokenOfThisConference_GivesItsCode()
    {
        var token = PassToken.Create(Key, "hoi-nghi-a", "K7P3MX");

        Assert.Equal(PassReadStatus.Code, PassToken.Read(token, "hoi-nghi-a", () => Key, out var code));
        Assert.Equal("K7P3MX", code);
    }

    [Fact]
    public void Create_Token_CarriesNoPersonalData()
    {
        var token = PassToken.Create(Key, "hoi-nghi-a", "K7P3MX");
        var payload = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token.Split('.')[1]));

        Assert.Equal("hoi-nghi-a\nK7P3MX", payload);
    }

    [Fact]
    public void Read_TokenOfOtherConference_OtherConference()
    {
        var token = PassToken.Create(Key, "hoi-nghi-b", "K7P3MX");

        Assert.Equal(PassReadStatus.OtherConference, PassToken.Read(token, "hoi-nghi-a", () => Key, out _));
    }

    [Fact]
    public void Read_CodeChangedInToken_Tampered()
    {
        var token = PassToken.Create(Key, "hoi-nghi-a", "K7P3MX");
        var forgedPayload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("hoi-nghi-a\nK7P3MY"));
        var forged = "p1." + forgedPayload + "." + token.Split('.')[2];

        Assert.Equal(PassReadStatus.Tampered, PassToken.Read(forged, "hoi-nghi-a", () => Key, out _));
    }

    [Fact]
    public void Read_TokenSignedWithAnotherKey_Tampered()
    {
        var token = PassToken.Create(RandomNumberGenerator.GetBytes(32), "hoi-nghi-a", "K7P3MX");

        Assert.Equal(PassReadStatus.Tampered, PassToken.Read(token, "hoi-nghi-a", () => Key, out _));
    }

    [Theory]
    [InlineData("k7p 3mx", "K7P3MX")]
    [InlineData("K7P-3MX", "K7P3MX")]
    [InlineData("  k7p3mx ", "K7P3MX")]
    public void Read_TypedCode_Normalized(string typed, string expected)
    {
        Assert.Equal(PassReadStatus.Code, PassToken.Read(typed, "hoi-nghi-a", () => Key, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("K7P3M")]
    [InlineData("K7P3MXX")]
    [InlineData("K0P3MX")]
    [InlineData("p1.!!!.???")]
    [InlineData("p1.abc")]
    [InlineData("<script>alert(1)</script>")]
    public void Read_Garbage_Malformed(string text)
    {
        Assert.Equal(PassReadStatus.Malformed, PassToken.Read(text, "hoi-nghi-a", () => Key, out _));
    }

    [Fact]
    public void NewCode_ManyDraws_AlwaysSixCharactersOfTheAlphabet()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = PassToken.NewCode();
            Assert.Equal(code, PassToken.NormalizeCode(code));
        }
    }

    [Fact]
    public void HallCode_NextStep_PreviousStillAcceptedThenRefused()
    {
        var step = TimeSpan.FromMinutes(5);
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 20, 0, TimeSpan.Zero);
        var first = HallCode.Current(Key, t0, step);

        Assert.True(HallCode.IsValid(Key, first.Code, t0, step));
        Assert.True(HallCode.IsValid(Key, first.Code, t0 + step, step));
        Assert.False(HallCode.IsValid(Key, first.Code, t0 + step + step, step));
        Assert.False(HallCode.IsValid(Key, "12a456", t0, step));
        Assert.Equal(t0 + step, first.ValidUntil);
    }
}
