using System.Text.Json.Nodes;

namespace KhConferenceBot.Packaging.Tests;

/// <summary>Builds the default (local sample) app package once for all tests that only read it.</summary>
public sealed class AppPackageFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();

    public string Directory => _directory.Path;

    public string ManifestPath => _directory.File("manifest.json");

    public string ZipPath => _directory.File("khconferencebot.zip");

    internal ProcessResult BuildResult { get; private set; } = new(-1, "", "");

    public JsonObject Manifest { get; private set; } = [];

    public JsonObject English { get; private set; } = [];

    public async Task InitializeAsync()
    {
        // Validation is checked by its own test, so a schema problem is reported there and not as a build failure.
        BuildResult = await ProcessRunner.BuildAppPackageAsync(Directory, null, "--no-validate");
        if (BuildResult.ExitCode == 0)
        {
            Manifest = Json.ReadObject(ManifestPath);
            English = Json.ReadObject(_directory.File("en.json"));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _directory.Dispose();
}
