using System.Text.RegularExpressions;
using KhConferenceBot.Outbox;
using KhConferenceBot.Testing;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KhConferenceBot.Tests.Outbox;

/// <summary>
/// The app settings deploy/main.bicep writes, applied to the real host: a first invitation to someone who never wrote
/// to the bot must reach Teams. Only what the cloud provides is replaced by loopback stand-ins (Key Vault secrets, the
/// token endpoint, Graph, and the Teams service host, whose requests are routed to the fake connector).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed partial class DeployedConfigurationTests(AzuriteFixture storage)
{
    private const string AppId = "5d8a7c2e-1b3f-4e6a-9c0d-7e2f1a3b4c5d";

    [Fact]
    public async Task DeployedSettings_InvitationToNewUser_OpensChatAtDefaultServiceUrlAndSends()
    {
        var deployed = BicepAppSettings();
        Assert.True(deployed.TryGetValue("Outbox:DefaultServiceUrl", out var defaultServiceUrl), "the Bicep must set Outbox__DefaultServiceUrl");
        var serviceUri = new Uri(defaultServiceUrl!);

        await using var graph = await FakeGraph.StartAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var connector = await FakeConnector.StartAsync(time);
        var settings = OutboxTestData.Settings();
        foreach (var (key, value) in deployed)
        {
            settings[key] = value;
        }

        settings["Bot:MicrosoftAppId"] = AppId;
        settings["Bot:MicrosoftAppPassword"] = "from-key-vault";
        settings["Organizer:LinkSigningKey"] = "from-key-vault-at-least-32-characters";
        settings["Bot:TenantId"] = TestUsers.TenantId;
        settings["Bot:AuthorityHost"] = graph.AuthorityHost.ToString();
        settings["Graph:BaseUrl"] = graph.BaseUrl.ToString();
        settings["Graph:ManifestAppId"] = FakeGraph.ManifestAppId;
        settings["Conference:PublicBaseUrl"] = "https://khcb.example.test";
        Assert.DoesNotContain(settings.Keys, k => k.StartsWith("Bot:TrustedServiceUrls", StringComparison.Ordinal));

        await using var host = await BotTestHost.StartAsync(storage, settings, time, connector, services =>
            services.AddHttpClient(ConnectorServiceCollectionExtensions.ConnectorHttpClientName)
                .AddHttpMessageHandler(() => new RouteToLoopback(serviceUri, connector.ServiceUrl)));
        var newcomer = OutboxTestData.AadId(7);
        graph.Users[newcomer] = true;

        await host.Service<IOutbox>().EnqueueAsync([OutboxTestData.ToUser("invitation", 7)], CancellationToken.None);
        await OutboxDriver.RunUntilAsync(host, OutboxDriver.AllSettled(host, "invitation", 1));

        var entry = await host.Service<IOutbox>().GetAsync("invitation", "delegate-00007", CancellationToken.None);
        Assert.True(entry!.State == OutboxState.Sent, $"{entry.State} {entry.ErrorCode}: {entry.ErrorMessage}");
        Assert.Single(connector.Calls, c => c.Path == "/v3/conversations" && c.Parameters?.Members?[0].Id == newcomer);
        Assert.Single(connector.SentTo("a:" + newcomer), c => c.Status == 200);
        Assert.Equal(serviceUri, new Uri(entry.ServiceUrl!));
    }

    /// <summary>
    /// The literal app settings of the web app's 'appsettings' resource, as configuration keys; a value that names a
    /// parameter takes the parameter's default. Values only Azure can produce (Key Vault references, host names) are left out.
    /// </summary>
    private static Dictionary<string, string?> BicepAppSettings()
    {
        var bicep = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "deploy", "main.bicep"));
        var start = bicep.IndexOf("resource webAppSettings", StringComparison.Ordinal);
        Assert.True(start >= 0, "main.bicep has no webAppSettings resource");
        var block = bicep[start..bicep.IndexOf("dependsOn", start, StringComparison.Ordinal)];
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (Match setting in SettingLine().Matches(block))
        {
            var value = setting.Groups["value"].Value.Trim();
            string? resolved = value.StartsWith('\'') && !value.Contains("${", StringComparison.Ordinal) ? value.Trim('\'')
                : ParamDefault(bicep, value);
            if (resolved is not null && !resolved.StartsWith("@Microsoft.KeyVault", StringComparison.Ordinal))
            {
                settings[setting.Groups["key"].Value.Replace("__", ":", StringComparison.Ordinal)] = resolved;
            }
        }

        return settings;
    }

    private static string? ParamDefault(string bicep, string name)
    {
        var match = Regex.Match(bicep, @"^param\s+" + Regex.Escape(name) + @"\s+string\s*=\s*'(?<value>[^']*)'", RegexOptions.Multiline);
        return match.Success ? match.Groups["value"].Value : null;
    }

    [GeneratedRegex(@"^\s+(?<key>[A-Za-z_]+__[A-Za-z_]+):\s*(?<value>.+)$", RegexOptions.Multiline)]
    private static partial Regex SettingLine();

    /// <summary>Sends what the bot addresses to the Teams service host to the fake connector instead (path below the base kept).</summary>
    private sealed class RouteToLoopback(Uri teams, Uri loopback) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            Assert.Equal(teams.Host, uri.Host);
            var relative = uri.AbsolutePath[teams.AbsolutePath.Length..] + uri.Query;
            request.RequestUri = new Uri(loopback, relative);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
