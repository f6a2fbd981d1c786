using System.IO.Compression;
using System.Text.Json.Nodes;

namespace KhConferenceBot.Packaging.Tests;

public sealed class AppPackageTests(AppPackageFixture package) : IClassFixture<AppPackageFixture>
{
    // The newest GA schema: @microsoft/app-manifest 1.1.2 also bundles v1.30, which the Teams schema repository and docs do not publish yet.
    private const string ManifestVersion = "1.29";

    [Fact]
    public void BuildAppPackage_DefaultSettings_WritesPackage()
    {
        Assert.True(package.BuildResult.ExitCode == 0, package.BuildResult.ToString());
        Assert.True(File.Exists(package.ZipPath));
    }

    [Fact]
    public async Task Validator_BuiltManifestAndEnglishStrings_AreValidAgainstOfficialSchemas()
    {
        var result = await ProcessRunner.ValidateAsync(package.ManifestPath);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"valid (schema v{ManifestVersion}, en.json)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_ShortNameTooLong_IsRejected()
    {
        using var dir = CopyOfPackage();
        var manifest = Json.ReadObject(dir.File("manifest.json"));
        manifest["name"]!["short"] = new string('x', 31);
        Json.Write(dir.File("manifest.json"), manifest);

        var result = await ProcessRunner.ValidateAsync(dir.File("manifest.json"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("/name/short must NOT have more than 30 characters", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validator_UnknownLocalizationKey_IsRejected()
    {
        using var dir = CopyOfPackage();
        var english = Json.ReadObject(dir.File("en.json"));
        english["bots[0].commandLists[0].commands[12].title"] = "a thirteenth command";
        Json.Write(dir.File("en.json"), english);

        var result = await ProcessRunner.ValidateAsync(dir.File("manifest.json"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("en.json: / must NOT have additional properties", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_Version_IsNewestGaSchemaBundledByToolsPackage()
    {
        Assert.Equal(ManifestVersion, package.Manifest["manifestVersion"].Str());
        Assert.True(Version.Parse(ManifestVersion) >= new Version(1, 25));
        Assert.Equal(
            $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json",
            package.Manifest["$schema"].Str());
        Repo.RequireNodeTools();
        Assert.True(File.Exists(Repo.Path("tools", "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams", $"v{ManifestVersion}", "MicrosoftTeams.schema.json")));
    }

    [Fact]
    public void Zip_Entries_AreManifestIconsAndStringsAtRoot()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);

        Assert.Equal(
            ["color.png", "en.json", "manifest.json", "outline.png"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        Assert.Equal(File.ReadAllText(package.ManifestPath), reader.ReadToEnd());
    }

    [Fact]
    public async Task BuildAppPackage_SameInputs_ProducesIdenticalZip()
    {
        using var dir = new TempDirectory();

        var result = await ProcessRunner.BuildAppPackageAsync(dir.Path, null, "--no-validate");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(File.ReadAllBytes(package.ZipPath), File.ReadAllBytes(dir.File("khconferencebot.zip")));
    }

    [Fact]
    public void Manifest_Bot_IsConversationalInPersonalGroupChatAndTeam()
    {
        var bot = package.Manifest["bots"]![0]!;

        Assert.Equal(["groupChat", "personal", "team"], bot["scopes"]!.AsArray().Select(s => s.Str()).Order(StringComparer.Ordinal));
        // A plan sent as a file in the personal chat creates a conference (Features/Planning); Teams delivers files only
        // to bots that declare this.
        Assert.True(bot["supportsFiles"]!.GetValue<bool>());
        Assert.False(bot["isNotificationOnly"]!.GetValue<bool>());
        Assert.Equal(package.Manifest["webApplicationInfo"]!["id"].Str(), bot["botId"].Str());
    }

    [Fact]
    public void Manifest_CommandLists_MatchCommandsJsonInVietnamese()
    {
        var commands = Commands.Load();
        var lists = Commands.CommandLists(package.Manifest);

        Assert.Equal(["personal", "group"], commands.Select(c => c.Scope).Distinct());
        var scopes = commands.Select(c => c.Scope).Distinct().ToList();
        Assert.Equal(scopes.Count, lists.Count);
        for (var i = 0; i < scopes.Count; i++)
        {
            Assert.Equal(Commands.ManifestScopes(scopes[i]), lists[i]!["scopes"]!.AsArray().Select(s => s.Str()));
            Assert.Equal(
                commands.Where(c => c.Scope == scopes[i]).Select(c => c.Vi),
                lists[i]!["commands"]!.AsArray().Select(c => c!["title"].Str()));
        }
    }

    [Fact]
    public void EnglishStrings_CommandTitles_MatchCommandsJson()
    {
        var commands = Commands.Load();
        var scopes = commands.Select(c => c.Scope).Distinct().ToList();

        for (var list = 0; list < scopes.Count; list++)
        {
            var expected = commands.Where(c => c.Scope == scopes[list]).Select(c => c.En).ToList();
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], package.English[$"bots[0].commandLists[{list}].commands[{i}].title"].Str());
                Assert.NotNull(package.English[$"bots[0].commandLists[{list}].commands[{i}].description"]);
            }

            Assert.Null(package.English[$"bots[0].commandLists[{list}].commands[{expected.Count}].title"]);
        }
    }

    [Fact]
    public void Commands_TitlesAndDescriptions_FitTeamsMenuLimits()
    {
        // Teams shows at most 12 commands per list and cuts titles after 32 and descriptions after 128 characters,
        // stricter than the schema's 128/4000.
        var lists = Commands.CommandLists(package.Manifest);
        var strings = new List<(string Where, string Text, int Max)>();
        for (var list = 0; list < lists.Count; list++)
        {
            var commands = lists[list]!["commands"]!.AsArray();
            Assert.InRange(commands.Count, 1, 12);
            for (var i = 0; i < commands.Count; i++)
            {
                var key = $"bots[0].commandLists[{list}].commands[{i}]";
                strings.Add(($"vi {key}.title", commands[i]!["title"].Str(), 32));
                strings.Add(($"vi {key}.description", commands[i]!["description"].Str(), 128));
                strings.Add(($"en {key}.title", package.English[$"{key}.title"].Str(), 32));
                strings.Add(($"en {key}.description", package.English[$"{key}.description"].Str(), 128));
            }
        }

        Assert.All(strings, s => Assert.True(s.Text.Length > 0 && s.Text.Length <= s.Max, $"{s.Where} has {s.Text.Length} characters (max {s.Max})"));
    }

    [Fact]
    public void Manifest_Localization_IsVietnameseWithEnglishFile()
    {
        var info = package.Manifest["localizationInfo"]!;

        Assert.Equal("vi-vn", info["defaultLanguageTag"].Str());
        var additional = Assert.Single(info["additionalLanguages"]!.AsArray());
        Assert.Equal("en-us", additional!["languageTag"].Str());
        Assert.Equal("en.json", additional["file"].Str());
        Assert.Equal("Hội nghị Khánh Hòa", package.Manifest["name"]!["short"].Str());
        Assert.Equal("Khanh Hoa Conference", package.English["name.short"].Str());
        Assert.Equal("Dashboard", package.English["staticTabs[0].name"].Str());
    }

    [Fact]
    public void Manifest_StaticTab_IsPersonalOrganizerDashboardOnValidDomain()
    {
        var tab = Assert.Single(package.Manifest["staticTabs"]!.AsArray())!;

        Assert.Equal("Bảng điều khiển", tab["name"].Str());
        Assert.Equal(["personal"], tab["scopes"]!.AsArray().Select(s => s.Str()));
        Assert.Equal("https://localhost/organizer", tab["contentUrl"].Str());
        Assert.Equal("https://localhost/organizer", tab["websiteUrl"].Str());
        Assert.Equal(["localhost"], package.Manifest["validDomains"]!.AsArray().Select(s => s.Str()));
    }

    [Fact]
    public void Manifest_Authorization_RequestsNoResourceSpecificConsent()
    {
        // Graph can install the bot into the conference chat with TeamsAppInstallation.ReadWriteSelfForChat.All only
        // while the app has no RSC permissions; chat members come from the Bot Connector roster instead (deploy/README.md).
        Assert.Null(package.Manifest["authorization"]);
    }

    [Fact]
    public async Task BuildAppPackage_SettingsFileAndEnvironment_FillEveryPlaceholder()
    {
        using var dir = new TempDirectory();
        var settings = new JsonObject
        {
            ["KHCB_APP_ID"] = "11111111-2222-4333-8444-555555555555",
            ["KHCB_BOT_ID"] = "66666666-7777-4888-9999-aaaaaaaaaaaa",
            ["KHCB_DOMAIN"] = "app-khcb-test.azurewebsites.net",
            ["KHCB_VERSION"] = "1.0.0",
        };
        Json.Write(dir.File("settings.json"), settings);
        var output = Path.Combine(dir.Path, "out");

        var result = await ProcessRunner.BuildAppPackageAsync(
            output,
            new Dictionary<string, string> { ["KHCB_VERSION"] = "2.3.4" },
            "--settings",
            dir.File("settings.json"),
            "--no-validate");

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = File.ReadAllText(Path.Combine(output, "manifest.json"));
        Assert.DoesNotContain("${{", text, StringComparison.Ordinal);
        var manifest = Json.ReadObject(Path.Combine(output, "manifest.json"));
        Assert.Equal("11111111-2222-4333-8444-555555555555", manifest["id"].Str());
        Assert.Equal("2.3.4", manifest["version"].Str());
        Assert.Equal("66666666-7777-4888-9999-aaaaaaaaaaaa", manifest["bots"]![0]!["botId"].Str());
        Assert.Equal(
            "api://app-khcb-test.azurewebsites.net/botid-66666666-7777-4888-9999-aaaaaaaaaaaa",
            manifest["webApplicationInfo"]!["resource"].Str());
        Assert.Equal(["app-khcb-test.azurewebsites.net"], manifest["validDomains"]!.AsArray().Select(s => s.Str()));
        Assert.Equal("https://app-khcb-test.azurewebsites.net/organizer", manifest["staticTabs"]![0]!["contentUrl"].Str());
        Assert.Equal("https://app-khcb-test.azurewebsites.net/privacy", manifest["developer"]!["privacyUrl"].Str());
    }

    [Theory]
    [InlineData("KHCB_APP_ID", "not-a-guid", "is not a GUID")]
    [InlineData("KHCB_BOT_ID", "", "is empty")]
    [InlineData("KHCB_DOMAIN", "https://app-khcb.azurewebsites.net", "must be a bare host name")]
    [InlineData("KHCB_DOMAIN", "bad_host", "is not a host name")]
    [InlineData("KHCB_VERSION", "1.0", "is not a version x.y.z")]
    public async Task BuildAppPackage_MalformedSetting_FailsNamingSetting(string name, string value, string message)
    {
        using var dir = new TempDirectory();

        var result = await ProcessRunner.BuildAppPackageAsync(dir.Path, new Dictionary<string, string> { [name] = value }, "--no-validate");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(name, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("khconferencebot.zip")));
    }

    [Fact]
    public async Task BuildAppPackage_UnknownSettingInFile_FailsNamingIt()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("settings.json"), """{ "KHCB_DOMIAN": "x.example" }""");

        var result = await ProcessRunner.BuildAppPackageAsync(Path.Combine(dir.Path, "out"), null, "--settings", dir.File("settings.json"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unknown setting 'KHCB_DOMIAN'", result.StandardError, StringComparison.Ordinal);
    }

    private TempDirectory CopyOfPackage()
    {
        var dir = new TempDirectory();
        foreach (var name in new[] { "manifest.json", "en.json", "color.png", "outline.png" })
        {
            File.Copy(Path.Combine(package.Directory, name), dir.File(name));
        }

        return dir;
    }
}
