using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class TrustedServiceUrlsTests
{
    private static TrustedServiceUrls Create(params string[] configured)
    {
        var options = new ConnectorOptions();
        foreach (var url in configured)
        {
            options.TrustedServiceUrls.Add(url);
        }

        return new TrustedServiceUrls(Options.Create(options));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/teams/")]
    [InlineData("https://smba.trafficmanager.net/teams")]
    [InlineData("https://SMBA.trafficmanager.net:443/teams/v3/conversations/a%3Ax/activities")]
    public void IsTrusted_UnderConfiguredUrl_True(string url)
    {
        var trusted = Create("https://smba.trafficmanager.net/teams");

        Assert.True(trusted.IsTrusted(new Uri(url)));
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/teamsevil/")]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net:8443/teams/")]
    [InlineData("http://smba.trafficmanager.net/teams/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/teams/")]
    public void IsTrusted_OtherPathPortSchemeOrHost_False(string url)
    {
        var trusted = Create("https://smba.trafficmanager.net/teams/");

        Assert.False(trusted.IsTrusted(new Uri(url)));
    }

    [Fact]
    public void Trust_ValidatedServiceUrl_TrustsItsSubPaths()
    {
        var trusted = Create();
        Assert.False(trusted.IsTrusted("https://smba.trafficmanager.net/emea/"));

        Assert.True(trusted.Trust("https://smba.trafficmanager.net/emea/"));

        Assert.True(trusted.IsTrusted("https://smba.trafficmanager.net/emea/v3/conversations"));
    }

    [Theory]
    [InlineData("http://smba.example.test/teams/")]
    [InlineData("not a url")]
    [InlineData("ftp://smba.example.test/")]
    public void Trust_PlainHttpRemoteOrNotUrl_Refused(string url)
    {
        var trusted = Create();

        Assert.False(trusted.Trust(url));
        Assert.Empty(trusted.Snapshot());
    }

    [Fact]
    public void Trust_LoopbackHttp_Allowed()
    {
        var trusted = Create();

        Assert.True(trusted.Trust("http://127.0.0.1:3978/"));
        Assert.True(trusted.IsTrusted("http://127.0.0.1:3978/v3/conversations"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:56150/_connector/", true)]
    [InlineData("http://localhost:3978/", true)]
    [InlineData("https://attacker.example.test/", false)]
    [InlineData("https://smba.trafficmanager.net/teams/", false)]
    public void MaySendTo_LocalMode_OnlyLoopback(string url, bool expected)
    {
        // Local mode checks no inbound token: a serviceUrl a caller names must not redirect anyone's messages.
        var trusted = Create();

        Assert.Equal(expected, trusted.MaySendTo(url));
    }

    [Fact]
    public void MaySendTo_LocalModeWithConfiguredUrl_ThatUrlToo()
    {
        var trusted = Create("https://smba.trafficmanager.net/teams/");

        Assert.True(trusted.MaySendTo("https://smba.trafficmanager.net/teams/v3/conversations"));
        Assert.False(trusted.MaySendTo("https://attacker.example.test/"));
    }

    [Fact]
    public void MaySendTo_WithAppId_LoopbackOnlyWhenTrusted()
    {
        var trusted = new TrustedServiceUrls(Options.Create(new ConnectorOptions { MicrosoftAppId = "5d8a7c2e-1b3f-4e6a-9c0d-7e2f1a3b4c5d" }));

        Assert.False(trusted.MaySendTo("http://127.0.0.1:56150/_connector/"));
        Assert.True(trusted.Trust("http://127.0.0.1:56150/_connector/"));
        Assert.True(trusted.MaySendTo("http://127.0.0.1:56150/_connector/"));
    }
}
