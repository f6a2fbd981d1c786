using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Tests.Connector.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class BotTokenProviderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _httpClient = new();
    private FakeTokenEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeTokenEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _httpClient.Dispose();
        await _endpoint.DisposeAsync();
    }

    private BotTokenProvider Create(string? appId = "app-id", string? tenantId = null)
    {
        var options = new ConnectorOptions
        {
            MicrosoftAppId = appId,
            MicrosoftAppPassword = "not-a-real-secret",
            TenantId = tenantId,
            TokenEndpoint = _endpoint.TokenEndpoint,
        };
        return new BotTokenProvider(_httpClient, Options.Create(options), _time, NullLogger<BotTokenProvider>.Instance);
    }

    [Fact]
    public async Task GetTokenAsync_NoTenant_UsesBotFrameworkAuthority()
    {
        var token = await Create().GetTokenAsync(default);

        Assert.Equal("token-1", token);
        Assert.Equal("/botframework.com/oauth2/v2.0/token", Assert.Single(_endpoint.Requests).Path);
    }

    [Fact]
    public async Task GetTokenAsync_SingleTenant_UsesTenantAuthority()
    {
        await Create(tenantId: "contoso-tenant").GetTokenAsync(default);

        Assert.Equal("/contoso-tenant/oauth2/v2.0/token", Assert.Single(_endpoint.Requests).Path);
    }

    [Fact]
    public async Task GetTokenAsync_LocalMode_NullWithoutRequest()
    {
        Assert.Null(await Create(appId: "").GetTokenAsync(default));

        Assert.Equal(0, _endpoint.RequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_ConcurrentCallersOnColdCache_ShareOneRequest()
    {
        var provider = Create();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 25).Select(_ => provider.GetTokenAsync(default).AsTask()));

        Assert.All(tokens, t => Assert.Equal("token-1", t));
        Assert.Equal(1, _endpoint.RequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_BeforeRefreshMargin_ServedFromCache()
    {
        var provider = Create();
        await provider.GetTokenAsync(default);

        _time.Advance(TimeSpan.FromMinutes(54));

        Assert.Equal("token-1", await provider.GetTokenAsync(default));
        Assert.Equal(1, _endpoint.RequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_WithinFiveMinutesOfExpiry_Refreshes()
    {
        var provider = Create();
        await provider.GetTokenAsync(default);

        _time.Advance(TimeSpan.FromMinutes(55));

        Assert.Equal("token-2", await provider.GetTokenAsync(default));
        Assert.Equal(2, _endpoint.RequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_CredentialsRefused_ThrowsBotNotRegisteredThenRecovers()
    {
        var provider = Create();
        _endpoint.FailNext(401, "invalid_client");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => provider.GetTokenAsync(default).AsTask());
        Assert.Equal(TeamsErrorKind.BotNotRegistered, ex.Kind);
        Assert.Equal("invalid_client", ex.Code);

        Assert.Equal("token-1", await provider.GetTokenAsync(default));
    }
}
