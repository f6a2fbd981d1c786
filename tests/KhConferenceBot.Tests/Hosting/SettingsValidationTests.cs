using System.Net;
using KhConferenceBot.Testing;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Tests.Hosting;

[Collection(StorageCollection.Name)]
public sealed class SettingsValidationTests(AzuriteFixture storage)
{
    [Theory]
    [InlineData("Bot:MicrosoftAppId", "not-a-guid", "Bot:MicrosoftAppId")]
    [InlineData("Storage:TablePrefix", "9bad-prefix", "Storage:TablePrefix")]
    [InlineData("Conference:DefaultLanguage", "fr", "Conference:DefaultLanguage")]
    [InlineData("Conference:PublicBaseUrl", "ftp://files.example", "Conference:PublicBaseUrl")]
    [InlineData("Storage:ConnectionString", "AccountName=x;nonsense", "Storage:ConnectionString")]
    [InlineData("Bot:AuthorityHost", "http://login.microsoftonline.com/", "Bot:AuthorityHost")]
    public async Task Start_MalformedSetting_FailsNamingTheSetting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?> { [key] = value });
        });

        Assert.Contains(ValidationFailures(error), f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AppIdWithoutSecret_FailsNamingThePassword()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?>
            {
                ["Bot:MicrosoftAppId"] = "11111111-1111-1111-1111-111111111111",
                ["Bot:TenantId"] = "22222222-2222-2222-2222-222222222222",
            });
        });

        Assert.Contains("Bot:MicrosoftAppPassword", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateCredentialWithoutFile_FailsNamingTheCertificatePath()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?>
            {
                ["Bot:MicrosoftAppId"] = "11111111-1111-1111-1111-111111111111",
                ["Bot:TenantId"] = "22222222-2222-2222-2222-222222222222",
                ["Bot:CredentialType"] = "Certificate",
                ["Bot:CertificatePath"] = "/nonexistent/bot.pem",
            });
        });

        Assert.Contains("Bot:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppIdWithoutLinkSigningKey_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var host = await BotTestHost.StartAsync(storage, new Dictionary<string, string?>
            {
                ["Bot:MicrosoftAppId"] = "11111111-1111-1111-1111-111111111111",
                ["Bot:MicrosoftAppPassword"] = "secret",
                ["Bot:TenantId"] = "22222222-2222-2222-2222-222222222222",
            });
        });

        Assert.Contains(ValidationFailures(error), f => f.StartsWith("Organizer:LinkSigningKey is required", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_LocalMode_ReportsStorageAndNoTokenEndpoint()
    {
        await using var host = await BotTestHost.StartAsync(storage);

        using var response = await host.CreateClient().GetAsync(new Uri("/readyz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"storage\":\"ok\"", body, StringComparison.Ordinal);
        Assert.Contains("local mode", body, StringComparison.Ordinal);
    }

    /// <summary>The validation messages, wherever the host wrapped them (aggregate, or a service constructor's invocation).</summary>
    private static IEnumerable<string> ValidationFailures(Exception? error) => error switch
    {
        null => [],
        OptionsValidationException validation => validation.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(ValidationFailures),
        _ => ValidationFailures(error.InnerException),
    };
}
