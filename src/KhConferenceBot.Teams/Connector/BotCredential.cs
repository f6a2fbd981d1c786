using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace KhConferenceBot.Teams.Connector;

public enum BotCredentialType
{
    /// <summary>The app registration's client secret (Bot:MicrosoftAppPassword).</summary>
    ClientSecret,

    /// <summary>A certificate registered on the app (Bot:CertificatePath).</summary>
    Certificate,

    /// <summary>A user-assigned managed identity whose client id is Bot:MicrosoftAppId (Azure Bot type UserAssignedMSI).</summary>
    ManagedIdentity,
}

/// <summary>
/// The bot's Entra identity as an Azure.Identity <see cref="TokenCredential"/>, chosen by configuration; it serves the
/// Connector token and Graph's. Null <see cref="Credential"/> in local mode (no app id): calls then go without a token.
/// </summary>
public sealed class BotCredential
{
    /// <summary>The tenant of multi-tenant bots' Connector tokens.</summary>
    public const string MultiTenantAuthority = "botframework.com";

    private static readonly string[] KnownAuthorityHosts =
        ["login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn"];

    /// <param name="transport">Sends the token requests (the "KhConferenceBot.Teams.Token" client).</param>
    public BotCredential(ConnectorOptions options, HttpClient transport)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        Credential = string.IsNullOrWhiteSpace(options.MicrosoftAppId) ? null : Create(options, transport);
    }

    public TokenCredential? Credential { get; }

    private static TokenCredential Create(ConnectorOptions options, HttpClient transport)
    {
        var appId = options.MicrosoftAppId!.Trim();
        var tenant = string.IsNullOrWhiteSpace(options.TenantId) ? MultiTenantAuthority : options.TenantId.Trim();

        // Instance discovery asks the public cloud about the host; a sovereign cloud or a test fake is configured by hand.
        var discover = KnownAuthorityHosts.Contains(options.AuthorityHost.Host, StringComparer.OrdinalIgnoreCase);
        return options.CredentialType switch
        {
            BotCredentialType.ClientSecret when string.IsNullOrWhiteSpace(options.MicrosoftAppPassword) =>
                throw new InvalidOperationException("Bot:MicrosoftAppPassword is required with Bot:CredentialType ClientSecret."),
            BotCredentialType.Certificate when string.IsNullOrWhiteSpace(options.CertificatePath) =>
                throw new InvalidOperationException("Bot:CertificatePath is required with Bot:CredentialType Certificate."),
            BotCredentialType.ClientSecret => new ClientSecretCredential(
                tenant, appId, options.MicrosoftAppPassword, Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = !discover }, options, transport)),
            BotCredentialType.Certificate => new ClientCertificateCredential(
                tenant, appId, options.CertificatePath, Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = !discover }, options, transport)),
            BotCredentialType.ManagedIdentity => new ManagedIdentityCredential(
                Configure(new ManagedIdentityCredentialOptions(ManagedIdentityId.FromUserAssignedClientId(appId)), options, transport)),
            _ => throw new InvalidOperationException($"Bot:CredentialType {options.CredentialType} is not supported."),
        };
    }

    private static T Configure<T>(T credentialOptions, ConnectorOptions options, HttpClient transport)
        where T : TokenCredentialOptions
    {
        credentialOptions.AuthorityHost = options.AuthorityHost;
        credentialOptions.Transport = new HttpClientTransport(transport);

        // Callers retry on the injected clock (the Connector pipeline, the outbox); Azure.Core's own retries would sleep on wall time.
        credentialOptions.Retry.MaxRetries = 0;
        credentialOptions.Retry.NetworkTimeout = options.RequestTimeout;
        return credentialOptions;
    }
}
