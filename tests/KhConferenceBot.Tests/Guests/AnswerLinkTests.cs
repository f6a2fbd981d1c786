using System.Net;
using System.Text;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Features.Guests;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Tests.Guests;

/// <summary>
/// The answer link's token: nothing of the person in it (the sample's delegate ids are e-mail addresses), read back to
/// the same delegate and conference, and refused when any character is changed. Links mailed in the old signed-only
/// format still open until they expire.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class AnswerLinkTests(AzuriteFixture storage) : IAsyncLifetime
{
    private GuestHost _guests = null!;

    public async Task InitializeAsync() => _guests = await GuestHost.StartAsync(storage, time: new FakeTimeProvider(GuestHost.BeforeDeadline));

    public async Task DisposeAsync() => await _guests.DisposeAsync();

    private AnswerLinks Links => _guests.Service<AnswerLinks>();

    [Fact]
    public async Task For_GuestWhoseIdIsTheirAddress_NoAddressNorItsBase64InTheLink()
    {
        var (conference, person) = await GuestAsync();
        var link = Links.For(conference, person);
        var email = person.Email!;
        var token = Token(link);

        Assert.Equal(ConferenceDelegate.IdFromEmail(email), person.Id);
        foreach (var form in new[] { email, Uri.EscapeDataString(email), Base64UrlEncoder.Encode(email), Convert.ToBase64String(Encoding.UTF8.GetBytes(email)) })
        {
            Assert.DoesNotContain(form, link.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        // Whatever the alignment, the decoded bytes hold neither the address nor its user part.
        var bytes = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token));
        Assert.DoesNotContain(email, bytes, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(email[..email.IndexOf('@', StringComparison.Ordinal)], bytes, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(conference.Id, bytes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_TheLinksOwnToken_ItsDelegateAndConferenceSameLinkEveryTime()
    {
        var (conference, person) = await GuestAsync();
        var link = Links.For(conference, person);

        var status = Links.Read(Token(link), out var grant);

        Assert.Equal(AnswerLinkStatus.Valid, status);
        Assert.Equal(new AnswerLinkGrant(conference.Id, person.Id), grant);
        Assert.Equal(link, Links.For(conference, person));
    }

    [Fact]
    public async Task Read_AnyCharacterChanged_Forged()
    {
        var (conference, person) = await GuestAsync();
        var token = Token(Links.For(conference, person));

        for (var i = 0; i < token.Length; i++)
        {
            var changed = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.Equal(AnswerLinkStatus.Forged, Links.Read(changed, out _));
        }

        Assert.Equal(AnswerLinkStatus.Forged, Links.Read(token[..^1], out _));
        Assert.Equal(AnswerLinkStatus.Forged, Links.Read(token + "A", out _));
        Assert.Equal(AnswerLinkStatus.Forged, Links.Read("", out _));
    }

    [Fact]
    public async Task Page_LinkMailedBeforeLinksWereSealed_OpensUntilItsOwnExpiry()
    {
        var (conference, person) = await GuestAsync();
        var signer = _guests.Service<LinkSigner>();
        var now = _guests.Host.Time.GetUtcNow();
        var mailed = signer.Sign(AnswerLinks.Purpose, person.Id, conference.Id, conference.EndsAt.AddDays(7));
        var mailedExpired = signer.Sign(AnswerLinks.Purpose, person.Id, conference.Id, now.AddMinutes(-1));
        using var browser = new AnswerPageClient(_guests);

        var (status, html) = await browser.GetAsync(Page(mailed));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(person.Name, html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, (await browser.GetAsync(Page(mailedExpired))).Status);
    }

    private static string Token(Uri link) => link.AbsolutePath[(link.AbsolutePath.LastIndexOf('/') + 1)..];

    private static Uri Page(string token) => new("http://127.0.0.1:3978/" + AnswerLinks.RoutePrefix + token);

    private async Task<(Conference Conference, ConferenceDelegate Person)> GuestAsync()
    {
        var conference = await _guests.ConferenceAsync();
        var person = await _guests.GuestAsync(d => d.Category == DelegateCategory.Invited && d.Email is not null && !Features.Invitations.DistrictRegistration.IsContact(conference, d));
        return (conference, person);
    }
}
