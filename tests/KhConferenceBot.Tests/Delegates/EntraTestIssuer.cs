using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Tests.Delegates;

/// <summary>
/// A stand-in for the tenant's Entra ID on 127.0.0.1 (as tests/KhConferenceBot.Teams.Tests/Auth/LocalIssuer.cs does for
/// the Bot Connector): OpenID metadata under {authority}/.well-known/openid-configuration and a key set.
/// Mints access tokens for the bot's app with or without the Organizer app role.
/// </summary>
public sealed class EntraTestIssuer : IAsyncLifetime
{
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string AppId = "5f0c7d1e-2a34-4b6c-9d8e-0f1a2b3c4d5e";
    public const string Issuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly RSA _published = RSA.Create(2048);
    private readonly RSA _forger = RSA.Create(2048);
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public string Authority => new Uri(BaseUrl, $"{TenantId}/v2.0").AbsoluteUri;

    /// <summary>Settings for a bot host with an identity whose organizer API trusts this issuer.</summary>
    public Dictionary<string, string?> HostSettings => new()
    {
        ["Bot:MicrosoftAppId"] = AppId,
        ["Bot:MicrosoftAppPassword"] = "test-secret",
        ["Bot:TenantId"] = TenantId,
        ["Organizer:Authority"] = Authority,
    };

    public string Token(TimeProvider time, string[]? roles = null, string audience = AppId, bool forged = false, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["tid"] = TenantId,
            ["oid"] = "00000000-0000-0000-0000-0000000000a0",
        };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        var key = new RsaSecurityKey(forged ? _forger : _published) { KeyId = "entra-key-1" };
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            NotBefore = now.AddMinutes(-5),
            IssuedAt = now.AddMinutes(-5),
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", () => Results.Content(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = new Uri(BaseUrl, "keys").AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }.ToJsonString(), "application/json"));
        _app.MapGet("/keys", () =>
        {
            var p = _published.ExportParameters(false);
            var jwk = new JsonObject { ["kty"] = "RSA", ["use"] = "sig", ["kid"] = "entra-key-1", ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent) };
            return Results.Content(new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(), "application/json");
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        BaseUrl = new Uri(address.TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _published.Dispose();
        _forger.Dispose();
    }
}
