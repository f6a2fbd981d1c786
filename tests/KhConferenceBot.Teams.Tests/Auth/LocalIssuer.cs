using System.Collections.Immutable;
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
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Teams.Tests.Auth;

/// <summary>
/// A stand-in for login.botframework.com on 127.0.0.1: OpenID metadata plus a JWKS whose keys carry Bot Framework
/// endorsements. Used as a class fixture, so xunit stops it when the test class is done.
/// </summary>
public sealed class LocalIssuer : IAsyncLifetime
{
    public const string Issuer = "https://api.botframework.com";
    public const string AppId = "5f0c7d1e-2a34-4b6c-9d8e-0f1a2b3c4d5e";
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    public const string MetadataPath = "/.well-known/openidconfiguration";

    private WebApplication? _app;
    private ImmutableList<IssuerKey> _published = [];
    private int _metadataRequests;
    private int _keysRequests;
    private volatile bool _failing;

    /// <summary>Published, endorsed for Teams.</summary>
    public IssuerKey MsTeamsKey { get; } = new("kid-msteams", "msteams");

    /// <summary>Published, endorsed only for Web Chat.</summary>
    public IssuerKey WebChatKey { get; } = new("kid-webchat", "webchat");

    /// <summary>Never published, but claims the Teams key's kid: a forger's key.</summary>
    public IssuerKey ImpostorKey { get; } = new("kid-msteams", "msteams");

    /// <summary>Published only after <see cref="Publish"/>: a key rotation.</summary>
    public IssuerKey RotatedKey { get; } = new("kid-rotated", "msteams");

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    public Uri MetadataUrl => new(BaseUrl, MetadataPath);

    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public int KeysRequests => Volatile.Read(ref _keysRequests);

    /// <summary>Puts the fixture back to its first state; tests in one class run one at a time.</summary>
    public void Reset()
    {
        _published = [MsTeamsKey, WebChatKey];
        _failing = false;
        Interlocked.Exchange(ref _metadataRequests, 0);
        Interlocked.Exchange(ref _keysRequests, 0);
    }

    public void Publish(IssuerKey key) => ImmutableInterlocked.Update(ref _published, list => list.Add(key));

    /// <summary>Makes both endpoints answer 503, as during an outage.</summary>
    public void Fail() => _failing = true;

    public async Task InitializeAsync()
    {
        Reset();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();

        _app.MapGet(MetadataPath, () =>
        {
            Interlocked.Increment(ref _metadataRequests);
            if (_failing)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var metadata = new JsonObject
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = new Uri(BaseUrl, "keys").AbsoluteUri,
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            };
            return Results.Content(metadata.ToJsonString(), "application/json");
        });

        _app.MapGet("/keys", () =>
        {
            Interlocked.Increment(ref _keysRequests);
            if (_failing)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            var keys = new JsonArray();
            foreach (var key in _published)
            {
                keys.Add(key.ToJwk());
            }

            // Real key sets may hold keys the validator must skip.
            keys.Add(new JsonObject { ["kty"] = "oct", ["kid"] = "kid-symmetric", ["k"] = "c2VjcmV0" });
            return Results.Content(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
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

        MsTeamsKey.Dispose();
        WebChatKey.Dispose();
        ImpostorKey.Dispose();
        RotatedKey.Dispose();
    }
}

public sealed class IssuerKey : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);

    public IssuerKey(string kid, params string[] endorsements)
    {
        Kid = kid;
        Endorsements = endorsements;
        SecurityKey = new RsaSecurityKey(_rsa) { KeyId = kid };
    }

    public string Kid { get; }

    public IReadOnlyList<string> Endorsements { get; }

    public RsaSecurityKey SecurityKey { get; }

    /// <summary>The public modulus: what an alg-confusion attacker would use as an HMAC secret.</summary>
    public byte[] PublicModulus => _rsa.ExportParameters(false).Modulus!;

    public JsonObject ToJwk()
    {
        var parameters = _rsa.ExportParameters(false);
        var endorsements = new JsonArray();
        foreach (var endorsement in Endorsements)
        {
            endorsements.Add(endorsement);
        }

        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = endorsements,
        };
    }

    public void Dispose() => _rsa.Dispose();
}
