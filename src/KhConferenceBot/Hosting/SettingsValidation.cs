using Azure.Data.Tables;
using KhConferenceBot.Api;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Hosting;

/// <summary>
/// Checks the settings that would otherwise fail later and obscurely, so start-up stops with a message that names
/// the setting to fix.
/// </summary>
public static class SettingsValidation
{
    public static IServiceCollection AddSettingsValidation(this IServiceCollection services)
    {
        services.AddOptions<ConnectorOptions>()
            .Validate(o => string.IsNullOrWhiteSpace(o.MicrosoftAppId) || Guid.TryParse(o.MicrosoftAppId, out _),
                "Bot:MicrosoftAppId must be the bot's Entra application (client) id, a GUID (leave it empty only for local runs).")
            .Validate(o => string.IsNullOrWhiteSpace(o.MicrosoftAppId) || o.CredentialType != BotCredentialType.ClientSecret || !string.IsNullOrWhiteSpace(o.MicrosoftAppPassword),
                "Bot:MicrosoftAppPassword is required when Bot:MicrosoftAppId is set with Bot:CredentialType ClientSecret (the client secret, from Key Vault in Azure).")
            .Validate(o => string.IsNullOrWhiteSpace(o.MicrosoftAppId) || o.CredentialType != BotCredentialType.Certificate || File.Exists(o.CertificatePath),
                "Bot:CertificatePath must name a readable certificate file (PEM or PKCS#12 with its private key) with Bot:CredentialType Certificate.")
            .Validate(o => string.IsNullOrWhiteSpace(o.MicrosoftAppId) || Guid.TryParse(o.TenantId, out _),
                "Bot:TenantId must be the directory (tenant) id, a GUID: new bots are single-tenant.")
            .Validate(o => o.AuthorityHost is { IsAbsoluteUri: true } host && host.Scheme == Uri.UriSchemeHttps,
                "Bot:AuthorityHost must be an absolute https URL (Entra ID: https://login.microsoftonline.com/).")
            .ValidateOnStart();

        services.AddOptions<OrganizerOptions>()
            .Validate(o => o.IsLocalMode || !string.IsNullOrWhiteSpace(o.LinkSigningKey),
                "Organizer:LinkSigningKey is required when Bot:MicrosoftAppId is set (at least 32 random characters, from Key Vault in Azure): it signs every download link, on every instance.")
            .ValidateOnStart();

        services.AddOptions<StorageOptions>()
            .Validate(o => IsUsableConnectionString(o.ConnectionString),
                "Storage:ConnectionString is not a valid Azure Storage connection string (Azurite locally: UseDevelopmentStorage=true).")
            .ValidateOnStart();
        return services;
    }

    private static bool IsUsableConnectionString(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        try
        {
            _ = new TableServiceClient(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Prints what is wrong with the settings, one line per problem, instead of a stack trace.</summary>
    public static int ReportAndExit(IEnumerable<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        Console.Error.WriteLine("KhConferenceBot cannot start: the configuration is not valid.");
        foreach (var failure in failures.SelectMany(f => f.Split("; ", StringSplitOptions.RemoveEmptyEntries)).Distinct())
        {
            Console.Error.WriteLine("  - " + failure);
        }

        Console.Error.WriteLine("See appsettings.sample.json for every setting.");
        return 2;
    }
}
