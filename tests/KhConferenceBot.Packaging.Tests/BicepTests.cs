using System.Text.Json.Nodes;

namespace KhConferenceBot.Packaging.Tests;

public sealed class BicepTests(BicepFixture bicep) : IClassFixture<BicepFixture>
{
    [Fact]
    public void BicepBuild_MainTemplate_HasNoErrorsOrWarnings()
    {
        // Linter findings arrive as warnings on stderr with exit code 0; they count as failures here.
        Assert.True(bicep.Build.ExitCode == 0 && string.IsNullOrWhiteSpace(bicep.Build.StandardError), bicep.Build.ToString());
    }

    [Fact]
    public async Task BicepBuild_UnusedParameter_ReportsWarningOnStderr()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("unused.bicep"), "param unused string\n\noutput answer int = 42\n");

        var result = await ProcessRunner.RunAsync(Repo.BicepExecutable, ["build", dir.File("unused.bicep"), "--stdout"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Warning no-unused-params", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_Resources_CoverTheWholeDeployment()
    {
        var types = bicep.Resources().Select(r => r["type"].Str()).ToHashSet();

        Assert.Superset(
            new HashSet<string>
            {
                "Microsoft.Web/serverfarms",
                "Microsoft.Web/sites",
                "Microsoft.Web/sites/config",
                "Microsoft.Storage/storageAccounts",
                "Microsoft.Storage/storageAccounts/tableServices",
                "Microsoft.BotService/botServices",
                "Microsoft.BotService/botServices/channels",
                "Microsoft.Insights/components",
                "Microsoft.OperationalInsights/workspaces",
                "Microsoft.KeyVault/vaults",
                "Microsoft.KeyVault/vaults/secrets",
                "Microsoft.Authorization/roleAssignments",
            },
            types);
    }

    [Fact]
    public void Template_Storage_ProvisionsNoQueueService()
    {
        // The bot keeps everything in tables; a provisioned but unused service is cost and attack surface.
        Assert.DoesNotContain(bicep.Resources(), r => r["type"].Str() == "Microsoft.Storage/storageAccounts/queueServices");
    }

    [Fact]
    public void Template_WebApp_RunsDotnet10WithHealthCheckAndIdentity()
    {
        var site = bicep.Resource("Microsoft.Web/sites");
        var config = site["properties"]!["siteConfig"]!;

        Assert.Equal("DOTNETCORE|10.0", config["linuxFxVersion"].Str());
        Assert.Equal("/healthz", config["healthCheckPath"].Str());
        Assert.True(config["alwaysOn"]!.GetValue<bool>());
        Assert.True(site["properties"]!["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("SystemAssigned", site["identity"]!["type"].Str());
        Assert.True(bicep.Resource("Microsoft.Web/serverfarms")["properties"]!["reserved"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("Bot__MicrosoftAppId")]
    [InlineData("Bot__MicrosoftAppPassword")]
    [InlineData("Bot__TenantId")]
    [InlineData("Storage__ConnectionString")]
    [InlineData("Organizer__LinkSigningKey")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("Conference__")]
    [InlineData("Graph__ManifestAppId")]
    [InlineData("Graph__TeamsAppCatalogId")]
    public void Template_AppSettings_NameTheBotsConfigurationKeys(string name)
    {
        var settings = bicep.Resource("Microsoft.Web/sites/config");

        Assert.Equal("appsettings", LastSegment(settings["name"].Str()));
        Assert.Contains($"'{name}", Text(settings["properties"]!) + Variables(), StringComparison.Ordinal);
    }

    [Fact]
    public void Template_Secrets_AreKeyVaultReferencesReadableByTheWebApp()
    {
        var settings = Text(bicep.Resource("Microsoft.Web/sites/config")["properties"]!);
        var vault = bicep.Resource("Microsoft.KeyVault/vaults")["properties"]!;
        var role = bicep.Resource("Microsoft.Authorization/roleAssignments")["properties"]!;

        Assert.Equal(3, settings.Split("@Microsoft.KeyVault(SecretUri=").Length - 1);
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        // Key Vault Secrets User.
        Assert.Contains("4633458b-17de-408a-b874-0445c86b69e6", role["roleDefinitionId"].Str() + Variables(), StringComparison.Ordinal);
        Assert.StartsWith("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions'", role["roleDefinitionId"].Str(), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", role["principalType"].Str());
        Assert.Equal(
            ["bot-app-password", "link-signing-key", "storage-connection-string"],
            bicep.Resources().Where(r => r["type"].Str() == "Microsoft.KeyVault/vaults/secrets").Select(r => LastSegment(r["name"].Str())).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Template_Storage_IsHttpsOnlyTls12WithoutPublicBlobs()
    {
        var storage = bicep.Resource("Microsoft.Storage/storageAccounts");
        var properties = storage["properties"]!;

        Assert.Equal("StorageV2", storage["kind"].Str());
        Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"].Str());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void Template_Bot_IsSingleTenantAzureBotWithTeamsChannel()
    {
        var bot = bicep.Resource("Microsoft.BotService/botServices");
        var channel = bicep.Resource("Microsoft.BotService/botServices/channels");

        Assert.Equal("azurebot", bot["kind"].Str());
        Assert.Equal("SingleTenant", bot["properties"]!["msaAppType"].Str());
        Assert.Contains("/api/messages", bot["properties"]!["endpoint"].Str(), StringComparison.Ordinal);
        Assert.Equal("MsTeamsChannel", LastSegment(channel["name"].Str()));
        Assert.Equal("MsTeamsChannel", channel["properties"]!["channelName"].Str());
    }

    [Fact]
    public void SampleParameters_Names_MatchTemplateParameters()
    {
        var parameters = bicep.Template["parameters"]!.AsObject();
        var sample = Json.ReadObject(Repo.Path("deploy", "main.parameters.sample.json"))["parameters"]!.AsObject();

        Assert.All(sample.Select(p => p.Key), name => Assert.True(parameters.ContainsKey(name), $"sample sets unknown parameter {name}"));
        var required = parameters
            .Where(p => p.Value!["defaultValue"] is null && p.Value["type"].Str() != "securestring")
            .Select(p => p.Key);
        Assert.All(required, name => Assert.True(sample.ContainsKey(name), $"sample lacks required parameter {name}"));
        // Secrets are passed on the command line or prompted for, never kept in a parameters file.
        Assert.DoesNotContain("botAppPassword", sample.Select(p => p.Key));
    }

    // Optional settings and the role id live in template variables that the resources refer to.
    private string Variables() => bicep.Template["variables"] is { } variables ? Text(variables) : "";

    // With union() the whole settings object is one ARM expression string rather than JSON keys.
    private static string Text(JsonNode node) =>
        node is JsonValue value ? value.GetValue<string>() : node.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string LastSegment(string nameExpression) =>
        nameExpression.Split('/', '\'').Last(s => s.Length > 0 && s != ")]");
}
