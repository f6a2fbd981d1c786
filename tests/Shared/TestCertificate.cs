using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KhConferenceBot.Testing;

/// <summary>
/// A self-signed certificate for 127.0.0.1, for loopback fakes of services that libraries only reach over https
/// (Entra ID's token endpoint for Azure.Identity). Only clients built with <see cref="CreateTrustingHandler"/> accept it.
/// </summary>
public static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Certificate = new(Create);

    public static X509Certificate2 Instance => Certificate.Value;

    /// <summary>Trusts this certificate and nothing else, so a test cannot reach a real host by mistake.</summary>
    public static SocketsHttpHandler CreateTrustingHandler() => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == Instance.Thumbprint,
        },
    };

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        // Through PKCS#12 so the private key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
