using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Teams.Tests.Auth;

public sealed class BotAuthenticationServiceCollectionExtensionsTests : IClassFixture<TestIssuer>
{
    private readonly TestIssuer _issuer;

    public BotAuthenticationServiceCollectionExtensionsTests(TestIssuer issuer)
    {
        _issuer = issuer;
        _issuer.Reset();
    }

    [Fact]
    public void AddBotAuthentication_Configuration_BindsBotSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = TestIssuer.AppId,
            ["Bot:OpenIdMetadataUrl"] = "http://127.0.0.1:9/.well-known/openidconfiguration",
            ["Bot:ClockSkew"] = "00:02:00",
            ["Bot:KeyRefreshInterval"] = "12:00:00",
            ["Bot:MinimumKeyRefreshInterval"] = "00:01:00",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddBotAuthentication(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value;

        Assert.Equal(TestIssuer.AppId, options.MicrosoftAppId);
        Assert.Equal(new Uri("http://127.0.0.1:9/.well-known/openidconfiguration"), options.OpenIdMetadataUrl);
        Assert.Equal(TimeSpan.FromMinutes(2), options.ClockSkew);
        Assert.Equal(TimeSpan.FromHours(12), options.KeyRefreshInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), options.MinimumKeyRefreshInterval);
        Assert.Equal("https://api.botframework.com", options.ValidIssuer);
    }

    [Fact]
    public void AddBotAuthentication_Resolved_SingletonBotFrameworkAuthenticator()
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddBotAuthentication(o => o.MicrosoftAppId = TestIssuer.AppId)
            .BuildServiceProvider();

        var first = provider.GetRequiredService<IBotRequestAuthenticator>();

        Assert.IsType<BotFrameworkAuthenticator>(first);
        Assert.Same(first, provider.GetRequiredService<IBotRequestAuthenticator>());
        Assert.False(first.IsDisabled);
        Assert.Same(provider.GetRequiredService<TrustedServiceUrls>(), provider.GetRequiredService<TrustedServiceUrls>());
        Assert.NotNull(provider.GetRequiredService<IHttpClientFactory>().CreateClient(BotFrameworkAuthenticator.HttpClientName));
    }

    [Fact]
    public void AddBotAuthentication_EmptyBotSection_LocalMode()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddLogging().AddBotAuthentication(configuration).BuildServiceProvider();

        Assert.True(provider.GetRequiredService<IBotRequestAuthenticator>().IsDisabled);
    }

    [Fact]
    public void AddBotAuthentication_NegativeClockSkew_FailsValidation()
    {
        using var provider = new ServiceCollection().AddLogging()
            .AddBotAuthentication(o => o.ClockSkew = TimeSpan.FromMinutes(-1))
            .BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BotAuthenticationOptions>>().Value);
    }

    [Fact]
    public async Task AddBotAuthentication_RegisteredTimeProvider_UsedForValidation()
    {
        // A token minted in 2020 is only valid if the container's clock, not the machine's, is used.
        var time = new FakeTimeProvider(new DateTimeOffset(2020, 1, 15, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time);
        using var provider = services
            .AddBotAuthentication(o =>
            {
                o.MicrosoftAppId = TestIssuer.AppId;
                o.OpenIdMetadataUrl = _issuer.MetadataUrl;
            })
            .BuildServiceProvider();
        var authenticator = provider.GetRequiredService<IBotRequestAuthenticator>();
        var activity = new Activity { Type = ActivityTypes.Message, ChannelId = "msteams", ServiceUrl = TestIssuer.ServiceUrl };

        var result = await authenticator.AuthenticateAsync(
            "Bearer " + new TestTokenBuilder(_issuer.MsTeamsKey, time).Build(), activity, CancellationToken.None);

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
        Assert.True(provider.GetRequiredService<TrustedServiceUrls>().IsTrusted(TestIssuer.ServiceUrl));
        Assert.Equal(1, _issuer.MetadataRequests);
    }
}
