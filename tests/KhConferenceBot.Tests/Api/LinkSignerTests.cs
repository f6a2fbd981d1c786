using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Tests.Api;

public sealed class LinkSignerTests
{
    private const string Key = "a-signing-key-of-at-least-32-characters!";
    private const string Conference = "khanh-hoa-2023";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));

    private LinkSigner Signer(string? key = Key) => new(
        Options.Create(new OrganizerOptions { LinkSigningKey = key }),
        Options.Create(new ConferenceOptions { PublicBaseUrl = "https://bot.khanhhoa.example" }),
        _time,
        NullLogger<LinkSigner>.Instance);

    private static string TokenOf(SignedLink link) => link.Url.AbsolutePath.Split('/')[^1];

    [Fact]
    public void Create_FreshLink_GrantsItsPurposeFormatAndConferenceUntilExpiry()
    {
        var signer = Signer();

        var link = signer.Create("attendance", "xlsx", Conference, Lifetime);

        Assert.StartsWith("https://bot.khanhhoa.example/api/organizer/exports/", link.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(_time.GetUtcNow() + Lifetime, link.ExpiresAt);
        Assert.Equal(SignedLinkStatus.Valid, signer.Validate(TokenOf(link), out var grant));
        Assert.Equal(new SignedLinkGrant("attendance", "xlsx", Conference), grant);
    }

    [Fact]
    public void Validate_AtExpiry_Expired()
    {
        var signer = Signer();
        var token = TokenOf(signer.Create("questions", "csv", Conference, Lifetime));

        _time.Advance(Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(SignedLinkStatus.Valid, signer.Validate(token, out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SignedLinkStatus.Expired, signer.Validate(token, out _));
    }

    [Fact]
    public void Validate_OtherKeyOrTamperedPayloadOrGarbage_Invalid()
    {
        var signer = Signer();
        var token = TokenOf(signer.Create("attendance", "csv", Conference, Lifetime));
        var parts = token.Split('.');
        var otherPurpose = Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[0]).Replace("\nattendance\n", "\nquestions\n", StringComparison.Ordinal));

        Assert.Equal(SignedLinkStatus.Invalid, Signer("another-signing-key-of-32-characters-or-more").Validate(token, out _));
        Assert.Equal(SignedLinkStatus.Invalid, signer.Validate(otherPurpose + "." + parts[1], out _));
        Assert.Equal(SignedLinkStatus.Invalid, signer.Validate(parts[0], out _));
        Assert.Equal(SignedLinkStatus.Invalid, signer.Validate("!!!.???", out _));
        Assert.Equal(SignedLinkStatus.Invalid, signer.Validate(new string('a', 5000) + ".b", out _));
        Assert.Equal(SignedLinkStatus.Invalid, signer.Validate(null, out _));
    }

    [Fact]
    public void Validate_SameConfiguredKeyInAnotherProcess_Valid()
    {
        var token = TokenOf(Signer().Create("attendance", "csv", Conference, Lifetime));

        Assert.Equal(SignedLinkStatus.Valid, Signer().Validate(token, out _));
    }

    [Fact]
    public void Create_NoConfiguredKey_LinksOfOtherProcessesFail()
    {
        var first = Signer(key: null);
        var token = TokenOf(first.Create("attendance", "csv", Conference, Lifetime));

        Assert.Equal(SignedLinkStatus.Valid, first.Validate(token, out _));
        Assert.Equal(SignedLinkStatus.Invalid, Signer(key: null).Validate(token, out _));
    }
}
