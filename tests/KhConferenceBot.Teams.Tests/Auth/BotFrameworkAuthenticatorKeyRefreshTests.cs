using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Teams.Tests.Auth;

/// <summary>Key caching, counted in requests the local issuer served; time only moves when a test advances it.</summary>
public sealed class BotFrameworkAuthenticatorKeyRefreshTests : IClassFixture<TestIssuer>, IDisposable
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);
    private static readonly TimeSpan MinimumRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly TestIssuer _issuer;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private readonly BotFrameworkAuthenticator _authenticator;

    public BotFrameworkAuthenticatorKeyRefreshTests(TestIssuer issuer)
    {
        _issuer = issuer;
        _issuer.Reset();
        var options = new BotAuthenticationOptions
        {
            MicrosoftAppId = TestIssuer.AppId,
            OpenIdMetadataUrl = issuer.MetadataUrl,
            KeyRefreshInterval = RefreshInterval,
            MinimumKeyRefreshInterval = MinimumRefreshInterval,
        };
        _authenticator = new BotFrameworkAuthenticator(
            Options.Create(options), _http, _time, new CapturingLogger<BotFrameworkAuthenticator>());
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task AuthenticateAsync_RepeatedWithinRefreshInterval_FetchesKeysOnce()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(BotAuthOutcome.Authenticated, (await Authenticate(_issuer.MsTeamsKey)).Outcome);
            _time.Advance(TimeSpan.FromHours(4));
        }

        Assert.Equal(1, _issuer.MetadataRequests);
        Assert.Equal(1, _issuer.KeysRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_AfterRefreshInterval_RefetchesKeys()
    {
        await Authenticate(_issuer.MsTeamsKey);
        _time.Advance(RefreshInterval - TimeSpan.FromSeconds(1));
        await Authenticate(_issuer.MsTeamsKey);
        Assert.Equal(1, _issuer.MetadataRequests);

        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await Authenticate(_issuer.MsTeamsKey);

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
        Assert.Equal(2, _issuer.MetadataRequests);
        Assert.Equal(2, _issuer.KeysRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_RefreshPicksUpRotatedKey_Authenticated()
    {
        await Authenticate(_issuer.MsTeamsKey);
        _issuer.Publish(_issuer.RotatedKey);

        _time.Advance(RefreshInterval);
        var result = await Authenticate(_issuer.RotatedKey);

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task AuthenticateAsync_FloodOfUnknownKidsAfterFetch_NoRefetchWithinMinimumInterval()
    {
        await Authenticate(_issuer.MsTeamsKey);

        var results = await FloodWithUnknownKids(50);

        Assert.All(results, r => Assert.Equal("unknown signing key", r.Reason));
        Assert.Equal(1, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_FloodOfUnknownKids_RefetchesAtMostOncePerMinimumInterval()
    {
        await FloodWithUnknownKids(50);
        Assert.Equal(1, _issuer.MetadataRequests);

        _time.Advance(MinimumRefreshInterval - TimeSpan.FromSeconds(1));
        await FloodWithUnknownKids(50);
        Assert.Equal(1, _issuer.MetadataRequests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await FloodWithUnknownKids(50);
        Assert.Equal(2, _issuer.MetadataRequests);

        _time.Advance(MinimumRefreshInterval);
        await FloodWithUnknownKids(50);
        Assert.Equal(3, _issuer.MetadataRequests);
        Assert.Equal(3, _issuer.KeysRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_NewKidAfterMinimumInterval_RefetchesAndAuthenticates()
    {
        await Authenticate(_issuer.MsTeamsKey);
        _issuer.Publish(_issuer.RotatedKey);

        var tooSoon = await Authenticate(_issuer.RotatedKey);
        _time.Advance(MinimumRefreshInterval);
        var afterInterval = await Authenticate(_issuer.RotatedKey);

        Assert.Equal("unknown signing key", tooSoon.Reason);
        Assert.Equal(BotAuthOutcome.Authenticated, afterInterval.Outcome);
        Assert.Equal(2, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_ConcurrentRequestsWithColdCache_FetchOnce()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Authenticate(_issuer.MsTeamsKey)));

        Assert.All(results, r => Assert.Equal(BotAuthOutcome.Authenticated, r.Outcome));
        Assert.Equal(1, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_RefreshFailsWithKeysCached_KeepsUsingCachedKeys()
    {
        await Authenticate(_issuer.MsTeamsKey);
        _issuer.Fail();
        _time.Advance(RefreshInterval);

        var duringOutage = await Authenticate(_issuer.MsTeamsKey);
        var again = await Authenticate(_issuer.MsTeamsKey);

        Assert.Equal(BotAuthOutcome.Authenticated, duringOutage.Outcome);
        Assert.Equal(BotAuthOutcome.Authenticated, again.Outcome);

        // One failed attempt, then the minimum interval holds back the next one.
        Assert.Equal(2, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_FirstFetchFailedThenServiceRecovers_Authenticated()
    {
        _issuer.Fail();
        var duringOutage = await Authenticate(_issuer.MsTeamsKey);
        _issuer.Reset();
        _time.Advance(ConnectorSigningKeys.ColdRetryDelay);

        var afterRecovery = await Authenticate(_issuer.MsTeamsKey);

        Assert.Equal("signing keys unavailable", duringOutage.Reason);
        Assert.Equal(BotAuthOutcome.Authenticated, afterRecovery.Outcome);
    }

    [Fact]
    public async Task AuthenticateAsync_MetadataDownWithNothingCached_OneFetchPerBackoffStep()
    {
        _issuer.Fail();

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal("signing keys unavailable", (await Authenticate(_issuer.MsTeamsKey)).Reason);
        }

        Assert.Equal(1, _issuer.MetadataRequests);

        _time.Advance(ConnectorSigningKeys.ColdRetryDelay - TimeSpan.FromSeconds(1));
        await FloodWithUnknownKids(50);
        Assert.Equal(1, _issuer.MetadataRequests);

        _time.Advance(TimeSpan.FromSeconds(1));
        await Authenticate(_issuer.MsTeamsKey);
        await Authenticate(_issuer.MsTeamsKey);
        Assert.Equal(2, _issuer.MetadataRequests);

        // The wait doubles after each failure.
        _time.Advance(ConnectorSigningKeys.ColdRetryDelay);
        await Authenticate(_issuer.MsTeamsKey);
        Assert.Equal(2, _issuer.MetadataRequests);
        _time.Advance(ConnectorSigningKeys.ColdRetryDelay);
        await Authenticate(_issuer.MsTeamsKey);
        Assert.Equal(3, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_MetadataDownLong_ColdRetriesNeverCloserThanMinimumInterval()
    {
        _issuer.Fail();

        for (var minute = 0; minute < 60; minute++)
        {
            await FloodWithUnknownKids(10);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        // The wait after a failure doubles from 5 s up to the 5-minute minimum; floods come once a minute, so fetches
        // happen at minutes 0, 1, 2, 3, 4, 6, 9, then every 5 minutes: 14, 19, ... 59.
        Assert.Equal(17, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_MetadataHangsWithNothingCached_ConcurrentRequestsShareOneBoundedFetch()
    {
        _issuer.Hang();

        var waiting = Enumerable.Range(0, 20).Select(_ => Authenticate(_issuer.MsTeamsKey)).ToList();
        await _issuer.WaitForHungRequestAsync();
        Assert.DoesNotContain(waiting, t => t.IsCompleted);

        _time.Advance(ConnectorSigningKeys.FetchTimeout);
        var results = await Task.WhenAll(waiting);

        Assert.All(results, r => Assert.Equal("signing keys unavailable", r.Reason));
        Assert.Equal(1, _issuer.MetadataRequests);

        // The endpoint still hangs: later requests are answered at once instead of each waiting for a fetch of its own.
        for (var i = 0; i < 50; i++)
        {
            var later = Authenticate(_issuer.MsTeamsKey);
            Assert.True(later.IsCompleted, "a request waited for the hung metadata endpoint");
            Assert.Equal("signing keys unavailable", (await later).Reason);
        }

        Assert.Equal(1, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_MetadataHangsWhenKeysExpire_WaitsOnceThenUsesCachedKeys()
    {
        await Authenticate(_issuer.MsTeamsKey);
        _issuer.Hang();
        _time.Advance(RefreshInterval);

        var waiting = Enumerable.Range(0, 10).Select(_ => Authenticate(_issuer.MsTeamsKey)).ToList();
        await _issuer.WaitForHungRequestAsync();
        _time.Advance(ConnectorSigningKeys.FetchTimeout);
        var results = await Task.WhenAll(waiting);
        var later = await Authenticate(_issuer.MsTeamsKey);

        Assert.All(results, r => Assert.Equal(BotAuthOutcome.Authenticated, r.Outcome));
        Assert.Equal(BotAuthOutcome.Authenticated, later.Outcome);
        Assert.Equal(2, _issuer.MetadataRequests);
    }

    private Task<BotAuthResult> Authenticate(IssuerKey key) =>
        _authenticator.AuthenticateAsync("Bearer " + new TestTokenBuilder(key, _time).Build(), Message(), CancellationToken.None);

    private async Task<BotAuthResult[]> FloodWithUnknownKids(int count)
    {
        var tokens = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var key = new RsaSecurityKey(_issuer.ImpostorKey.SecurityKey.Rsa) { KeyId = $"forged-{Guid.NewGuid():N}" };
            tokens.Add(new TestTokenBuilder(_issuer.ImpostorKey, _time).SignedWith(key, SecurityAlgorithms.RsaSha256).Build());
        }

        return await Task.WhenAll(tokens.Select(t => _authenticator.AuthenticateAsync("Bearer " + t, Message(), CancellationToken.None)));
    }

    private static Activity Message() => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = "msteams",
        ServiceUrl = TestIssuer.ServiceUrl,
    };
}
