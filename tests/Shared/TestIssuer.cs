using System.Collections.Immutable;
using System.Net;
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

namespace KhConferenceBot.Testing;

/// <summary>
/// The one token issuer of the tests, on 127.0.0.1: it stands in for login.botframework.com (the Bot Connector's OpenID
/// metadata, whose keys carry channel endorsements) and for the tenant's Entra ID (metadata under
/// {authority}/.well-known/openid-configuration), both publishing one key set. Mints Entra access tokens; Connector
/// tokens are minted by the Teams tests' builder with <see cref="IssuerKey"/>. Usable as an xunit fixture.
/// </summary>
public sealed class TestIssuer : IAsyncLifetime
{
    /// <summary>The issuer of Bot Connector tokens.</summary>
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string TenantId = "11111111-2222-3333-4444-555555555555";
    public const string EntraIssuer = $"https://login.microsoftonline.com/{TenantId}/v2.0";
    public const string AppId = "5f0c7d1e-2a34-4b6c-9d8e-0f1a2b3c4d5e";
    public const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    public const string BotFrameworkMetadataPath = "/.well-known/openidconfiguration";
    public const string OrganizerObjectId = "00000000-0000-0000-0000-0000000000a0";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private WebApplication? _app;
    private ImmutableList<IssuerKey> _published = [];
    private int _metadataRequests;
    private int _keysRequests;
    private volatile IssuerState _state;
    private TaskCompletionSource _release = NewRelease();
    private TaskCompletionSource _hungRequestArrived = NewRelease();

    /// <summary>Published, endorsed for Teams.</summary>
    public IssuerKey MsTeamsKey { get; } = new("kid-msteams", "msteams");

    /// <summary>Published, endorsed only for Web Chat.</summary>
    public IssuerKey WebChatKey { get; } = new("kid-webchat", "webchat");

    /// <summary>Never published, but claims the Teams key's kid: a forger's key.</summary>
    public IssuerKey ImpostorKey { get; } = new("kid-msteams", "msteams");

    /// <summary>Published only after <see cref="Publish"/>: a key rotation.</summary>
    public IssuerKey RotatedKey { get; } = new("kid-rotated", "msteams");

    /// <summary>Published, no endorsements: Entra's signing key.</summary>
    public IssuerKey EntraKey { get; } = new("entra-key-1");

    /// <summary>Never published, claims Entra's kid.</summary>
    public IssuerKey EntraForgerKey { get; } = new("entra-key-1");

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The Bot Connector's OpenID metadata document.</summary>
    public Uri MetadataUrl => new(BaseUrl, BotFrameworkMetadataPath.TrimStart('/'));

    /// <summary>The Entra authority of <see cref="TenantId"/>.</summary>
    public string Authority => new Uri(BaseUrl, $"{TenantId}/v2.0").AbsoluteUri;

    /// <summary>Metadata documents served, of both issuers, including failed and hung ones.</summary>
    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public int KeysRequests => Volatile.Read(ref _keysRequests);

    /// <summary>Settings for a bot host with an identity whose organizer API trusts this issuer's Entra side.</summary>
    public Dictionary<string, string?> HostSettings => new()
    {
        ["Bot:MicrosoftAppId"] = AppId,
        ["Bot:MicrosoftAppPassword"] = "test-secret",
        ["Bot:TenantId"] = TenantId,
        ["Organizer:Authority"] = Authority,
    };

    /// <summary>Puts the fixture back to its first state; tests in one class run one at a time.</summary>
    public void Reset()
    {
        _published = [MsTeamsKey, WebChatKey, EntraKey];
        ReleaseHungRequests();
        _state = IssuerState.Serving;
        Interlocked.Exchange(ref _metadataRequests, 0);
        Interlocked.Exchange(ref _keysRequests, 0);
    }

    public void Publish(IssuerKey key) => ImmutableInterlocked.Update(ref _published, list => list.Add(key));

    /// <summary>Makes every endpoint answer 503, as during an outage.</summary>
    public void Fail() => _state = IssuerState.Failing;

    /// <summary>Makes every endpoint hold its request until <see cref="ReleaseHungRequests"/> (or the client gives up).</summary>
    public void Hang()
    {
        Interlocked.Exchange(ref _hungRequestArrived, NewRelease());
        _state = IssuerState.Hanging;
    }

    /// <summary>Completes once a request is being held by <see cref="Hang"/>.</summary>
    public Task WaitForHungRequestAsync() => Volatile.Read(ref _hungRequestArrived).Task;

    /// <summary>Lets hung requests go on; they then answer as the current state says.</summary>
    public void ReleaseHungRequests()
    {
        _state = IssuerState.Serving;
        Interlocked.Exchange(ref _release, NewRelease()).TrySetResult();
    }

    /// <summary>An Entra access token for the bot's app, signed with <see cref="EntraKey"/> (or the forger's key).</summary>
    public string Token(TimeProvider time, string[]? roles = null, string audience = AppId, bool forged = false, TimeSpan? lifetime = null, string objectId = OrganizerObjectId)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { ["tid"] = TenantId, ["oid"] = objectId };
        if (roles is not null)
        {
            claims["roles"] = roles;
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = EntraIssuer,
            Audience = audience,
            NotBefore = now.AddMinutes(-5),
            IssuedAt = now.AddMinutes(-5),
            Expires = now + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = claims,
            SigningCredentials = new SigningCredentials((forged ? EntraForgerKey : EntraKey).SecurityKey, SecurityAlgorithms.RsaSha256),
        });
    }

    public async Task InitializeAsync()
    {
        Reset();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();

        _app.MapGet(BotFrameworkMetadataPath, (CancellationToken aborted) => Metadata(BotFrameworkIssuer, aborted));
        _app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", (CancellationToken aborted) => Metadata(EntraIssuer, aborted));
        _app.MapGet("/keys", async (CancellationToken aborted) =>
        {
            Interlocked.Increment(ref _keysRequests);
            if (await FailedAsync(aborted))
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
        ReleaseHungRequests();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        foreach (var key in new[] { MsTeamsKey, WebChatKey, ImpostorKey, RotatedKey, EntraKey, EntraForgerKey })
        {
            key.Dispose();
        }
    }

    private async Task<IResult> Metadata(string issuer, CancellationToken aborted)
    {
        Interlocked.Increment(ref _metadataRequests);
        if (await FailedAsync(aborted))
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var metadata = new JsonObject
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = new Uri(BaseUrl, "keys").AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        };
        return Results.Content(metadata.ToJsonString(), "application/json");
    }

    private async Task<bool> FailedAsync(CancellationToken aborted)
    {
        // Read the release before the state, so a release between the two reads is not missed.
        var release = Volatile.Read(ref _release);
        if (_state == IssuerState.Hanging)
        {
            Volatile.Read(ref _hungRequestArrived).TrySetResult();
            await release.Task.WaitAsync(aborted);
        }

        return _state == IssuerState.Failing;
    }

    private static TaskCompletionSource NewRelease() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private enum IssuerState
    {
        Serving,
        Failing,
        Hanging,
    }
}
