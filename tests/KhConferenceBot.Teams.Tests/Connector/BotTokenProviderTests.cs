using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Tests.Connector.Fakes;
using KhConferenceBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class BotTokenProviderTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _httpClient = FakeTokenEndpoint.CreateClient();
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
            AuthorityHost = _endpoint.AuthorityHost,
        };
        return new BotTokenProvider(new BotCredential(options, _httpClient), Options.Create(options), _time, NullLogger<BotTokenProvider>.Instance);
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
    public async Task GetTokenAsync_Repeated_ServedFromCredentialCache()
    {
        var provider = Create();
        await provider.GetTokenAsync(default);

        Assert.Equal("token-1", await provider.GetTokenAsync(default));
        Assert.Equal(1, _endpoint.RequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_TokenWithinFiveMinutesOfExpiry_FetchesNewOne()
    {
        // The credential renews a token five minutes before it expires: one issued for four minutes is never reused.
        _endpoint.ExpiresInSeconds = 240;
        var provider = Create();
        await provider.GetTokenAsync(default);

        Assert.Equal("token-2", await provider.GetTokenAsync(default));
        Assert.Equal(2, _endpoint.RequestCount);
    }

    [Fact]
    public async Task GetTokenAsync_ClientSecret_PostsClientCredentialsForConnectorScope()
    {
        await Create(tenantId: "contoso-tenant").GetTokenAsync(default);

        var form = Assert.Single(_endpoint.Requests).Form;
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal("app-id", form["client_id"]);
        Assert.Equal("not-a-real-secret", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
    }

    [Fact]
    public async Task GetTokenAsync_Certificate_PostsAssertionSignedByTheCertificate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"khcb-bot-{Guid.NewGuid():N}.pfx");
        await File.WriteAllBytesAsync(path, TestCertificate.Instance.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12));
        try
        {
            var options = new ConnectorOptions
            {
                MicrosoftAppId = "app-id",
                CredentialType = BotCredentialType.Certificate,
                CertificatePath = path,
                TenantId = "contoso-tenant",
                AuthorityHost = _endpoint.AuthorityHost,
            };
            var provider = new BotTokenProvider(new BotCredential(options, _httpClient), Options.Create(options), _time, NullLogger<BotTokenProvider>.Instance);

            Assert.Equal("token-1", await provider.GetTokenAsync(default));

            var form = Assert.Single(_endpoint.Requests).Form;
            Assert.False(form.ContainsKey("client_secret"));
            Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
            var validation = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"], new TokenValidationParameters
            {
                ValidateIssuer = false,
                ValidateAudience = false,
                ValidateLifetime = false,
                IssuerSigningKey = new X509SecurityKey(TestCertificate.Instance),
            });
            Assert.True(validation.IsValid, validation.Exception?.Message);
            Assert.Equal("app-id", validation.ClaimsIdentity.FindFirst("sub")?.Value);
        }
        finally
        {
            File.Delete(path);
        }
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
