using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KhConferenceBot.Testing;

namespace KhConferenceBot.EndToEnd.Playground;

/// <summary>
/// The Microsoft 365 Agents Playground from tools/node_modules, run from a temporary directory holding the
/// configuration scripts/playground-config writes, on a free loopback port, stopped by PID when disposed.
/// </summary>
public sealed partial class PlaygroundServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly string _workDirectory;

    private PlaygroundServer(ChildProcess process, string workDirectory, int port)
    {
        _process = process;
        _workDirectory = workDirectory;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    /// <summary>The web UI and the root of the Playground's HTTP API.</summary>
    public Uri BaseUri { get; }

    public string LogPath => _process.LogPath;

    public static Task<PlaygroundServer> StartAsync(Uri botEndpoint, CancellationToken cancellationToken = default) =>
        StartAsync(botEndpoint, port: null, cancellationToken);

    /// <summary>
    /// Starts on <paramref name="port"/> when given: the bot was already told this connector address for its proactive
    /// sends, so a taken port fails instead of moving (no retry on another port). <paramref name="currentUser"/> ("a1")
    /// makes another person the one the instance shows and acts as (scripts/playground-config --as), for their side.
    /// </summary>
    public static async Task<PlaygroundServer> StartAsync(Uri botEndpoint, int? port, CancellationToken cancellationToken = default, string? currentUser = null)
    {
        ArgumentNullException.ThrowIfNull(botEndpoint);
        var workDirectory = Directory.CreateTempSubdirectory("khcb-playground-").FullName;
        try
        {
            await WriteConfigAsync(workDirectory, currentUser, cancellationToken).ConfigureAwait(false);

            // The Playground silently moves to another port when its port is taken, which would break the
            // service URL it hands the bot; such a start is discarded and retried on a new port.
            Exception? last = null;
            for (var attempt = 0; attempt < (port is null ? 3 : 1); attempt++)
            {
                var listenPort = port ?? FreePort.Next();
                var process = ChildProcess.Start(
                    "playground",
                    TestPaths.Tool("agentsplayground"),
                    ["-e", botEndpoint.ToString(), "-c", "msteams", "-p", listenPort.ToString(CultureInfo.InvariantCulture),
                        "--disable-telemetry", "--service-url", $"http://127.0.0.1:{listenPort}/_connector"],
                    workDirectory,
                    new Dictionary<string, string?>
                    {
                        ["TEAMSAPPTESTER_BROWSER"] = "none",
                        ["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = Path.Combine(workDirectory, ".m365agentsplayground.yml"),
                        // The Playground has no host option; this preload keeps it on loopback.
                        ["NODE_OPTIONS"] = $"--require \"{Path.Combine(TestPaths.RepoRoot, "scripts", "loopback-only.cjs")}\"",
                    });
                try
                {
                    var listening = await process.WaitForOutputAsync(ListeningLine(), StartTimeout).ConfigureAwait(false);
                    var actual = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
                    if (actual != listenPort)
                    {
                        throw new InvalidOperationException($"The Playground listens on {actual} instead of {listenPort}: the port was taken.");
                    }

                    var server = new PlaygroundServer(process, workDirectory, listenPort);
                    await HttpReadiness.WaitAsync(new Uri(server.BaseUri, "_debug/ping"), StartTimeout, "The Playground", process, cancellationToken).ConfigureAwait(false);
                    return server;
                }
                catch (InvalidOperationException e)
                {
                    last = e;
                    await process.DisposeAsync().ConfigureAwait(false);
                }
            }

            throw new InvalidOperationException("Could not start the Playground.", last);
        }
        catch
        {
            TryDelete(workDirectory);
            throw;
        }
    }

    /// <summary>Fails when the running Playground's ids differ from <see cref="PlaygroundIds"/>.</summary>
    public static void VerifyIds(JsonNode config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var c = config["config"] ?? throw new InvalidOperationException("No 'config' in the Playground's configuration.");
        var problems = new List<string>();
        void Expect(string what, string? actual, string expected)
        {
            if (actual != expected)
            {
                problems.Add($"{what}: '{actual}', expected '{expected}'");
            }
        }

        Expect("tenantId", (string?)c["tenantId"], PlaygroundIds.TenantId);
        Expect("bot.id", (string?)c["bot"]?["id"], PlaygroundIds.BotId);
        Expect("personalChat.id", (string?)c["personalChat"]?["id"], PlaygroundIds.PersonalChat);
        Expect("groupChats[0].id", (string?)c["groupChats"]?[0]?["id"], PlaygroundIds.GroupChat);
        Expect("teams[0].id", (string?)c["teams"]?[0]?["id"], PlaygroundIds.GeneralChannel);
        Expect("currentUser.id", (string?)c["currentUser"]?["id"], PlaygroundIds.MaiAnh.Id);
        Expect("currentUser.aadObjectId", (string?)c["currentUser"]?["aadObjectId"], PlaygroundIds.MaiAnh.AadObjectId);
        var users = c["users"]?.AsArray() ?? [];
        foreach (var expected in PlaygroundIds.AllUsers.Skip(1))
        {
            var actual = users.FirstOrDefault(u => (string?)u?["id"] == expected.Id);
            Expect($"user {expected.Id} aadObjectId", (string?)actual?["aadObjectId"], expected.AadObjectId);
            Expect($"user {expected.Id} name", (string?)actual?["name"], expected.Name);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("scripts/playground-config and PlaygroundIds disagree: " + string.Join("; ", problems));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        TryDelete(_workDirectory);
    }

    private static async Task WriteConfigAsync(string directory, string? currentUser, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(TestPaths.RepoRoot, "scripts", "playground-config"));
        info.ArgumentList.Add(directory);
        if (currentUser is not null)
        {
            info.ArgumentList.Add("--as");
            info.ArgumentList.Add(currentUser);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not run scripts/playground-config.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/playground-config failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();
}
