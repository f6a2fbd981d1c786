using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Testing;

/// <summary>An RSA signing key of <see cref="TestIssuer"/>, published as a JWK with its Bot Framework endorsements.</summary>
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
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (Endorsements.Count > 0)
        {
            jwk["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode?)e)]);
        }

        return jwk;
    }

    public void Dispose() => _rsa.Dispose();
}
