using System.Text;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Teams.Tests.Auth;

/// <summary>Mints Connector-style tokens; defaults give a token the authenticator accepts, each With* breaks one thing.</summary>
public sealed class TestTokenBuilder
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly TimeProvider _time;
    private SecurityKey _key;
    private string _algorithm = SecurityAlgorithms.RsaSha256;
    private string _issuer = TestIssuer.BotFrameworkIssuer;
    private string _audience = TestIssuer.AppId;
    private string? _serviceUrl = TestIssuer.ServiceUrl;
    private TimeSpan _notBeforeOffset = TimeSpan.FromMinutes(-5);
    private TimeSpan _expiresOffset = TimeSpan.FromMinutes(55);

    public TestTokenBuilder(IssuerKey key, TimeProvider time)
    {
        _key = key.SecurityKey;
        _time = time;
    }

    public TestTokenBuilder SignedWith(IssuerKey key)
    {
        _key = key.SecurityKey;
        return this;
    }

    public TestTokenBuilder SignedWith(SecurityKey key, string algorithm)
    {
        _key = key;
        _algorithm = algorithm;
        return this;
    }

    public TestTokenBuilder WithAlgorithm(string algorithm)
    {
        _algorithm = algorithm;
        return this;
    }

    public TestTokenBuilder WithIssuer(string issuer)
    {
        _issuer = issuer;
        return this;
    }

    public TestTokenBuilder WithAudience(string audience)
    {
        _audience = audience;
        return this;
    }

    public TestTokenBuilder WithServiceUrl(string? serviceUrl)
    {
        _serviceUrl = serviceUrl;
        return this;
    }

    /// <summary>Lifetime relative to the time provider's now.</summary>
    public TestTokenBuilder ValidBetween(TimeSpan notBefore, TimeSpan expires)
    {
        _notBeforeOffset = notBefore;
        _expiresOffset = expires;
        return this;
    }

    public string Build() => Handler.CreateToken(CreateDescriptor(new SigningCredentials(_key, _algorithm)));

    /// <summary>An unsecured JWT (alg "none") naming a published kid, hand-built because the handler refuses to make one.</summary>
    public string BuildUnsigned(string kid)
    {
        var header = $$"""{"alg":"none","typ":"JWT","kid":"{{kid}}"}""";
        var unsignedDescriptor = CreateDescriptor(signingCredentials: null);
        var payload = Handler.CreateToken(unsignedDescriptor).Split('.')[1];
        return Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(header)) + "." + payload + ".";
    }

    private SecurityTokenDescriptor CreateDescriptor(SigningCredentials? signingCredentials)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>();
        if (_serviceUrl is not null)
        {
            claims[BotFrameworkAuthenticator.ServiceUrlClaim] = _serviceUrl;
        }

        return new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = _audience,
            IssuedAt = now.Add(_notBeforeOffset),
            NotBefore = now.Add(_notBeforeOffset),
            Expires = now.Add(_expiresOffset),
            Claims = claims,
            SigningCredentials = signingCredentials,
        };
    }
}
