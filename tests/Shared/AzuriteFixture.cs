using System.Text.RegularExpressions;

namespace KhConferenceBot.Testing;

/// <summary>
/// Azure Table storage for tests. Uses the Azurite that scripts/test started when
/// KHCB_TEST_STORAGE holds its connection string; otherwise starts a private in-memory Azurite from
/// tools/node_modules on free loopback ports and stops it by PID when disposed.
/// Give each test its own table prefix (<see cref="NewTablePrefix"/>) so tests never see each other's rows.
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "KHCB_TEST_STORAGE";

    // Azurite's published development account; not a secret.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<ChildProcess> _processes = [];

    public string ConnectionString { get; private set; } = "";

    /// <summary>True when this fixture started Azurite itself rather than using KHCB_TEST_STORAGE.</summary>
    public bool OwnsAzurite => _processes.Count > 0;

    public static string BuildConnectionString(int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/{AccountName};";

    /// <summary>A table prefix no other test uses: letters and digits only, at most 20 characters.</summary>
    public static string NewTablePrefix(string tag = "t")
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var prefix = tag + Guid.NewGuid().ToString("N");
        return prefix[..Math.Min(prefix.Length, 20)];
    }

    public async Task InitializeAsync()
    {
        var shared = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(shared))
        {
            ConnectionString = shared;
            return;
        }

        var table = await StartServiceAsync("azurite-table", "--tableHost", "--tablePort").ConfigureAwait(false);
        ConnectionString = BuildConnectionString(table);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }

        _processes.Clear();
    }

    private async Task<int> StartServiceAsync(string tool, string hostOption, string portOption)
    {
        // A free port can be taken between probing and binding; a second and third try absorb that race.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreePort.Next();
            var process = ChildProcess.Start(
                tool,
                TestPaths.Tool(tool),
                [hostOption, "127.0.0.1", portOption, port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--loose"],
                TestPaths.RepoRoot);
            try
            {
                await process.WaitForOutputAsync(ListeningLine(), StartTimeout).ConfigureAwait(false);
                _processes.Add(process);
                return port;
            }
            catch (InvalidOperationException e)
            {
                last = e;
                await process.DisposeAsync().ConfigureAwait(false);
            }
        }

        throw new InvalidOperationException($"Could not start {tool}.", last);
    }

    // Table says "successfully started on 127.0.0.1:N", queue "successfully listens on http://127.0.0.1:N".
    [GeneratedRegex(@"successfully (?:started on |listens on http://)127\.0\.0\.1:\d+", RegexOptions.IgnoreCase)]
    private static partial Regex ListeningLine();
}
