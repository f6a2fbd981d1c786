using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Schema;
using KhConferenceBot.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Teams.Tests.Auth;

public sealed class BotFrameworkAuthenticatorTests : IClassFixture<TestIssuer>, IDisposable
{
    private readonly TestIssuer _issuer;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 1, 30, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private readonly CapturingLogger<BotFrameworkAuthenticator> _logger = new();
    private readonly TrustedServiceUrls _trusted = new(Options.Create(new ConnectorOptions()));

    public BotFrameworkAuthenticatorTests(TestIssuer issuer)
    {
        _issuer = issuer;
        _issuer.Reset();
    }

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task AuthenticateAsync_ValidToken_Authenticated()
    {
        var result = await Authenticate(Token().Build());

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.NotNull(result.Identity);
        Assert.Equal(TestIssuer.ServiceUrl, result.Identity.FindFirst("serviceurl")?.Value);
        Assert.Equal(TestIssuer.AppId, result.Identity.FindFirst("aud")?.Value);
    }

    [Fact]
    public async Task AuthenticateAsync_ValidToken_TrustsServiceUrl()
    {
        const string regional = "https://smba.trafficmanager.net/emea/";
        Assert.False(_trusted.IsTrusted(regional));

        await Authenticate(Token().WithServiceUrl(regional).Build(), Message(serviceUrl: regional));

        Assert.True(_trusted.IsTrusted(regional));
    }

    [Fact]
    public async Task AuthenticateAsync_RejectedToken_DoesNotTrustServiceUrl()
    {
        const string evil = "https://evil.example/";

        await Authenticate(Token().WithServiceUrl(evil).WithIssuer("https://evil.example").Build(), Message(serviceUrl: evil));

        Assert.False(_trusted.IsTrusted(evil));
    }

    [Theory]
    [InlineData(TestIssuer.AppId)]
    [InlineData("api://" + TestIssuer.AppId)]
    [InlineData("api://botid-" + TestIssuer.AppId)]
    public async Task AuthenticateAsync_AcceptedAudienceForms_Authenticated(string audience)
    {
        var result = await Authenticate(Token().WithAudience(audience).Build());

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task AuthenticateAsync_OtherRsaAlgorithms_Authenticated(string algorithm)
    {
        var result = await Authenticate(Token().WithAlgorithm(algorithm).Build());

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task AuthenticateAsync_SchemeInOtherCase_Authenticated()
    {
        var result = await CreateAuthenticator().AuthenticateAsync("bearer " + Token().Build(), Message(), CancellationToken.None);

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task AuthenticateAsync_NoHeader_Unauthorized(string? header)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(header, Message(), CancellationToken.None);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "missing Authorization header");
        Assert.Equal(0, _issuer.MetadataRequests);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("BearerX abc")]
    public async Task AuthenticateAsync_WrongScheme_Unauthorized(string header)
    {
        var result = await CreateAuthenticator().AuthenticateAsync(header, Message(), CancellationToken.None);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "Authorization scheme is not Bearer");
    }

    [Fact]
    public async Task AuthenticateAsync_TokenWithoutScheme_Unauthorized()
    {
        var result = await CreateAuthenticator().AuthenticateAsync(Token().Build(), Message(), CancellationToken.None);

        Assert.Equal(BotAuthOutcome.Unauthorized, result.Outcome);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.%%%.sig")]
    [InlineData("e30.e30")]
    public async Task AuthenticateAsync_MalformedToken_Unauthorized(string token)
    {
        var result = await Authenticate(token);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "malformed token");
        Assert.Equal(0, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_SignedByImpostorKeyWithPublishedKid_Unauthorized()
    {
        var result = await Authenticate(Token().SignedWith(_issuer.ImpostorKey).Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "invalid signature");
    }

    [Fact]
    public async Task AuthenticateAsync_TamperedPayload_Unauthorized()
    {
        var parts = Token().Build().Split('.');
        var forged = Token().WithServiceUrl("https://evil.example/").Build().Split('.')[1];

        var result = await Authenticate($"{parts[0]}.{forged}.{parts[2]}", Message(serviceUrl: "https://evil.example/"));

        AssertRejected(result, BotAuthOutcome.Unauthorized, "invalid signature");
    }

    [Fact]
    public async Task AuthenticateAsync_UnknownKid_Unauthorized()
    {
        var result = await Authenticate(Token().SignedWith(_issuer.RotatedKey).Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "unknown signing key");
    }

    [Fact]
    public async Task AuthenticateAsync_TokenWithoutKid_Unauthorized()
    {
        var noKid = new RsaSecurityKey(_issuer.MsTeamsKey.SecurityKey.Rsa);

        var result = await Authenticate(Token().SignedWith(noKid, SecurityAlgorithms.RsaSha256).Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "token has no key id");
    }

    [Theory]
    [InlineData("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/")]
    [InlineData("https://api.botframework.com/")]
    [InlineData("https://API.botframework.com")]
    public async Task AuthenticateAsync_WrongIssuer_Unauthorized(string issuer)
    {
        var result = await Authenticate(Token().WithIssuer(issuer).Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "wrong issuer");
    }

    [Theory]
    [InlineData("11111111-2222-3333-4444-555555555555")]
    [InlineData("api://botid-11111111-2222-3333-4444-555555555555")]
    [InlineData("https://api.botframework.com")]
    public async Task AuthenticateAsync_WrongAudience_Unauthorized(string audience)
    {
        var result = await Authenticate(Token().WithAudience(audience).Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "wrong audience");
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredBeyondSkew_Unauthorized()
    {
        var token = Token().ValidBetween(TimeSpan.FromHours(-1), TimeSpan.FromMinutes(-6)).Build();

        var result = await Authenticate(token);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "token expired");
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredWithinSkew_Authenticated()
    {
        var token = Token().ValidBetween(TimeSpan.FromHours(-1), TimeSpan.FromMinutes(-4)).Build();

        var result = await Authenticate(token);

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task AuthenticateAsync_TokenOutlivedByClock_Unauthorized()
    {
        var token = Token().Build();
        _time.Advance(TimeSpan.FromMinutes(55 + 5) + TimeSpan.FromSeconds(1));

        var result = await Authenticate(token);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "token expired");
    }

    [Fact]
    public async Task AuthenticateAsync_NotYetValidBeyondSkew_Unauthorized()
    {
        var token = Token().ValidBetween(TimeSpan.FromMinutes(6), TimeSpan.FromHours(1)).Build();

        var result = await Authenticate(token);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "token not yet valid");
    }

    [Fact]
    public async Task AuthenticateAsync_NotYetValidWithinSkew_Authenticated()
    {
        var token = Token().ValidBetween(TimeSpan.FromMinutes(4), TimeSpan.FromHours(1)).Build();

        var result = await Authenticate(token);

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyNotEndorsedForChannel_Forbidden()
    {
        var result = await Authenticate(Token().SignedWith(_issuer.WebChatKey).Build());

        AssertRejected(result, BotAuthOutcome.Forbidden, "signing key not endorsed for the activity's channel");
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task AuthenticateAsync_KeyEndorsedForActivityChannel_Authenticated()
    {
        var result = await Authenticate(Token().SignedWith(_issuer.WebChatKey).Build(), Message(channelId: "webchat"));

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("MSTEAMS")]
    public async Task AuthenticateAsync_ChannelIdMissingOrNotExact_Forbidden(string? channelId)
    {
        var result = await Authenticate(Token().Build(), Message(channelId: channelId));

        Assert.Equal(BotAuthOutcome.Forbidden, result.Outcome);
    }

    [Fact]
    public async Task AuthenticateAsync_ServiceUrlMismatch_Unauthorized()
    {
        var result = await Authenticate(Token().Build(), Message(serviceUrl: "https://evil.example/amer/"));

        AssertRejected(result, BotAuthOutcome.Unauthorized, "serviceurl claim does not match the activity");
    }

    [Fact]
    public async Task AuthenticateAsync_ActivityWithoutServiceUrl_Unauthorized()
    {
        var result = await Authenticate(Token().Build(), Message(serviceUrl: null));

        AssertRejected(result, BotAuthOutcome.Unauthorized, "serviceurl claim does not match the activity");
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer")]
    [InlineData("HTTPS://SMBA.trafficmanager.net/AMER/")]
    public async Task AuthenticateAsync_ServiceUrlDiffersInCaseOrTrailingSlash_Authenticated(string activityServiceUrl)
    {
        var result = await Authenticate(Token().Build(), Message(serviceUrl: activityServiceUrl));

        Assert.Equal(BotAuthOutcome.Authenticated, result.Outcome);
    }

    [Fact]
    public async Task AuthenticateAsync_NoServiceUrlClaim_Unauthorized()
    {
        var result = await Authenticate(Token().WithServiceUrl(null).Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "token has no serviceurl claim");
    }

    [Fact]
    public async Task AuthenticateAsync_AlgNone_Unauthorized()
    {
        var result = await Authenticate(Token().BuildUnsigned(_issuer.MsTeamsKey.Kid));

        Assert.Equal(BotAuthOutcome.Unauthorized, result.Outcome);
        Assert.Equal(0, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_Hs256KeyedWithPublicKey_Unauthorized()
    {
        // The classic algorithm-confusion forgery: HMAC keyed with the published RSA modulus, naming the RSA kid.
        var hmacKey = new SymmetricSecurityKey(_issuer.MsTeamsKey.PublicModulus) { KeyId = _issuer.MsTeamsKey.Kid };

        var result = await Authenticate(Token().SignedWith(hmacKey, SecurityAlgorithms.HmacSha256).Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "signing algorithm not allowed");
        Assert.Equal(0, _issuer.MetadataRequests);
    }

    [Fact]
    public async Task AuthenticateAsync_LocalModeWithoutHeader_Anonymous()
    {
        var authenticator = CreateAuthenticator(o => o.MicrosoftAppId = "");

        var result = await authenticator.AuthenticateAsync(null, Message(), CancellationToken.None);

        Assert.True(authenticator.IsDisabled);
        Assert.Same(BotAuthResult.Anonymous, result);
        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task AuthenticateAsync_LocalModeWithHeader_AnonymousWithoutFetchingKeys()
    {
        var authenticator = CreateAuthenticator(o => o.MicrosoftAppId = "  ");

        var result = await authenticator.AuthenticateAsync("Bearer " + Token().Build(), Message(), CancellationToken.None);

        Assert.Equal(BotAuthOutcome.Anonymous, result.Outcome);
        Assert.Null(result.Identity);
        Assert.Equal(0, _issuer.MetadataRequests);
        Assert.False(_trusted.IsTrusted(TestIssuer.ServiceUrl));
    }

    [Fact]
    public void IsDisabled_AppIdConfigured_False()
    {
        Assert.False(CreateAuthenticator().IsDisabled);
    }

    [Fact]
    public async Task AuthenticateAsync_MetadataUnreachable_UnauthorizedAndLogged()
    {
        using var unreachable = new HttpClient(new ThrowingHandler());
        var authenticator = new BotFrameworkAuthenticator(Options.Create(CreateOptions()), unreachable, _time, _logger);

        var result = await authenticator.AuthenticateAsync("Bearer " + Token().Build(), Message(), CancellationToken.None);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "signing keys unavailable");
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("signing keys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticateAsync_MetadataNotFound_Unauthorized()
    {
        var authenticator = CreateAuthenticator(o => o.OpenIdMetadataUrl = new Uri(_issuer.BaseUrl, "no-such-metadata"));

        var result = await authenticator.AuthenticateAsync("Bearer " + Token().Build(), Message(), CancellationToken.None);

        AssertRejected(result, BotAuthOutcome.Unauthorized, "signing keys unavailable");
    }

    [Fact]
    public async Task AuthenticateAsync_MetadataServiceDown_Unauthorized()
    {
        _issuer.Fail();

        var result = await Authenticate(Token().Build());

        AssertRejected(result, BotAuthOutcome.Unauthorized, "signing keys unavailable");
    }

    [Fact]
    public async Task AuthenticateAsync_Rejected_LogsReasonButNoTokenContent()
    {
        var token = Token().WithAudience("someone-else").Build();

        await Authenticate(token);
        await Authenticate(Token().SignedWith(_issuer.WebChatKey).Build());

        var messages = _logger.Entries.Select(e => e.Message).ToList();
        Assert.Contains(messages, m => m.Contains("wrong audience", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("Forbidden", StringComparison.Ordinal));
        foreach (var part in token.Split('.'))
        {
            Assert.DoesNotContain(messages, m => m.Contains(part, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(messages, m => m.Contains("someone-else", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticateAsync_CanceledByCaller_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => CreateAuthenticator().AuthenticateAsync("Bearer " + Token().Build(), Message(), cts.Token));
    }

    private TestTokenBuilder Token() => new(_issuer.MsTeamsKey, _time);

    private Task<BotAuthResult> Authenticate(string token, Activity? activity = null) =>
        CreateAuthenticator().AuthenticateAsync("Bearer " + token, activity ?? Message(), CancellationToken.None);

    private BotFrameworkAuthenticator CreateAuthenticator(Action<BotAuthenticationOptions>? configure = null)
    {
        var options = CreateOptions();
        configure?.Invoke(options);
        return new BotFrameworkAuthenticator(Options.Create(options), _http, _time, _logger, _trusted);
    }

    private BotAuthenticationOptions CreateOptions() => new()
    {
        MicrosoftAppId = TestIssuer.AppId,
        OpenIdMetadataUrl = _issuer.MetadataUrl,
    };

    private static Activity Message(string? channelId = "msteams", string? serviceUrl = TestIssuer.ServiceUrl) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        Text = "xin chào",
    };

    private static void AssertRejected(BotAuthResult result, BotAuthOutcome outcome, string reason)
    {
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(reason, result.Reason);
        Assert.False(result.Succeeded);
        Assert.Null(result.Identity);
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused", new IOException("simulated"));
    }
}
