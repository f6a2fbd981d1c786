using KhConferenceBot.Teams.Connector;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Teams.Tests.Connector;

public sealed class ConnectorServiceCollectionExtensionsTests
{
    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void AddTeamsConnector_BotSection_BindsOptionsAndResolvesSingletons()
    {
        var services = new ServiceCollection().AddTeamsConnector(Configuration(new()
        {
            ["Bot:MicrosoftAppId"] = "app",
            ["Bot:MicrosoftAppPassword"] = "not-a-real-secret",
            ["Bot:MaxRetries"] = "2",
            ["Bot:TrustedServiceUrls:0"] = "https://smba.trafficmanager.net/teams/",
            ["Bot:SendBudget:TenantWindows:0:Limit"] = "30",
            ["Bot:SendBudget:TenantWindows:0:Window"] = "00:00:01",
        }));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        Assert.Equal(2, provider.GetRequiredService<IOptions<ConnectorOptions>>().Value.MaxRetries);
        Assert.Same(provider.GetRequiredService<IConnectorClient>(), provider.GetRequiredService<IConnectorClient>());
        Assert.Same(provider.GetRequiredService<SendBudget>(), provider.GetRequiredService<ISendBudget>());
        Assert.IsType<BotTokenProvider>(provider.GetRequiredService<IBotTokenProvider>());
        Assert.IsType<Azure.Identity.ClientSecretCredential>(provider.GetRequiredService<BotCredential>().Credential);
        Assert.True(provider.GetRequiredService<TrustedServiceUrls>().IsTrusted("https://smba.trafficmanager.net/teams/v3/conversations"));
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        var window = Assert.Single(provider.GetRequiredService<IOptions<SendBudgetOptions>>().Value.TenantWindows!);
        Assert.Equal(30, window.Limit);
    }

    [Theory]
    [InlineData("ClientSecret", typeof(Azure.Identity.ClientSecretCredential))]
    [InlineData("ManagedIdentity", typeof(Azure.Identity.ManagedIdentityCredential))]
    public void AddTeamsConnector_CredentialType_BuildsThatCredential(string type, Type expected)
    {
        var services = new ServiceCollection().AddTeamsConnector(Configuration(new()
        {
            ["Bot:MicrosoftAppId"] = "11111111-1111-1111-1111-111111111111",
            ["Bot:TenantId"] = "22222222-2222-2222-2222-222222222222",
            ["Bot:CredentialType"] = type,
            ["Bot:MicrosoftAppPassword"] = type == "ClientSecret" ? "not-a-real-secret" : null,
        }));
        using var provider = services.BuildServiceProvider();

        Assert.IsType(expected, provider.GetRequiredService<BotCredential>().Credential);
    }

    [Fact]
    public void AddTeamsConnector_LocalMode_NoCredential()
    {
        using var provider = new ServiceCollection().AddTeamsConnector(Configuration([])).BuildServiceProvider();

        Assert.Null(provider.GetRequiredService<BotCredential>().Credential);
    }

    [Fact]
    public void AddTeamsConnector_TimeProviderAlreadyRegistered_KeepsIt()
    {
        var fake = new FakeTimeProvider();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(fake).AddTeamsConnector(Configuration([]));
        using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
    }
}
