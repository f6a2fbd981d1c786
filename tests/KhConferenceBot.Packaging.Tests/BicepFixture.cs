using System.Text.Json.Nodes;

namespace KhConferenceBot.Packaging.Tests;

/// <summary>Compiles deploy/main.bicep once; bicep takes a few seconds to start.</summary>
public sealed class BicepFixture : IAsyncLifetime
{
    internal ProcessResult Build { get; private set; } = new(-1, "", "");

    public JsonObject Template { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Build = await ProcessRunner.RunAsync(Repo.BicepExecutable, ["build", Repo.Path("deploy", "main.bicep"), "--stdout"]);
        if (Build.ExitCode == 0)
        {
            Template = JsonNode.Parse(Build.StandardOutput)!.AsObject();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Resources whether bicep emitted them as an array or, with symbolic names, as an object.</summary>
    public IEnumerable<JsonObject> Resources() =>
        Template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject byName => byName.Select(r => r.Value!.AsObject()),
            _ => [],
        };

    public JsonObject Resource(string type) => Assert.Single(Resources(), r => r["type"].Str() == type);
}
