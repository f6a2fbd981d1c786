using KhConferenceBot.Features.Delegates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Delegates;

public sealed class ExportLinkSignerTests
{
    private static readonly Uri Base = new("https://bot.khanhhoa.example/");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));

    private ExportLinkSigner Signer(string? key = "a-signing-key-of-at-least-32-characters!") =>
        new(Options.Create(new OrganizerOptions { LinkSigningKey = key }), _time, NullLogger<ExportLinkSigner>.Instance);

    private static string TokenOf(ExportLink link) => link.Url.AbsolutePath.Split('/')[^1];

    [Fact]
    public void Create_FreshLink_ValidForItsFormatAndExpiresIn15Minutes()
    {
        var signer = Signer();

        var link = signer.Create(Base, "khanh-hoa-2023", ExportFormat.Xlsx);

        Assert.StartsWith("https://bot.khanhhoa.example/api/organizer/exports/", link.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow().AddMinutes(15), link.ExpiresAt);
        Assert.Equal(ExportLinkStatus.Valid, signer.Validate(TokenOf(link), "khanh-hoa-2023", out var format));
        Assert.Equal(ExportFormat.Xlsx, format);
    }

    [Fact]
    public void Validate_After15Minutes_Expired()
    {
        var signer = Signer();
        var token = TokenOf(signer.Create(Base, "khanh-hoa-2023", ExportFormat.Csv));

        _time.Advance(TimeSpan.FromMinutes(14) + TimeSpan.FromSeconds(59));
        Assert.Equal(ExportLinkStatus.Valid, signer.Validate(token, "khanh-hoa-2023", out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ExportLinkStatus.Expired, signer.Validate(token, "khanh-hoa-2023", out _));
    }

    [Fact]
    public void Validate_OtherKeyOrConferenceOrTamperedPayload_Invalid()
    {
        var signer = Signer();
        var token = TokenOf(signer.Create(Base, "khanh-hoa-2023", ExportFormat.Csv));
        var parts = token.Split('.');
        var longer = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[0]).Replace("\nCsv\n", "\nXlsx\n", StringComparison.Ordinal));

        Assert.Equal(ExportLinkStatus.Invalid, Signer("another-signing-key-of-32-characters-or-more").Validate(token, "khanh-hoa-2023", out _));
        Assert.Equal(ExportLinkStatus.Invalid, signer.Validate(token, "other-conference", out _));
        Assert.Equal(ExportLinkStatus.Invalid, signer.Validate(longer + "." + parts[1], "khanh-hoa-2023", out _));
        Assert.Equal(ExportLinkStatus.Invalid, signer.Validate(parts[0], "khanh-hoa-2023", out _));
        Assert.Equal(ExportLinkStatus.Invalid, signer.Validate("!!!.???", "khanh-hoa-2023", out _));
        Assert.Equal(ExportLinkStatus.Invalid, signer.Validate(null, "khanh-hoa-2023", out _));
    }

    [Fact]
    public void Create_NoConfiguredKey_GeneratesOneLinksOfOtherProcessesFail()
    {
        var first = Signer(key: null);
        var second = Signer(key: null);
        var token = TokenOf(first.Create(Base, "khanh-hoa-2023", ExportFormat.Csv));

        Assert.Equal(ExportLinkStatus.Valid, first.Validate(token, "khanh-hoa-2023", out _));
        Assert.Equal(ExportLinkStatus.Invalid, second.Validate(token, "khanh-hoa-2023", out _));
    }
}
