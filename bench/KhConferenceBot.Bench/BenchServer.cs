using System.Globalization;
using KhConferenceBot.Testing;

/// <summary>
/// A server the benchmarks start as a process of their own (the bot in Release, or the bare endpoint), so its CPU and
/// resident size are read from /proc/&lt;pid&gt; and nothing of the bench's own work is counted in them.
/// </summary>
internal sealed class BenchServer(string name, Uri url, ChildProcess process) : IAsyncDisposable
{
    private const long ClockTicksPerSecond = 100; // USER_HZ on Linux

    public string Name { get; } = name;

    public Uri Url { get; } = url;

    public Uri Messages => new(Url, "api/messages");

    public static async Task<BenchServer> StartAsync(string name, string assembly, Dictionary<string, string?> environment)
    {
        var port = FreePort.Next();
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = ChildProcess.Start(name, Path.Combine(AppContext.BaseDirectory, assembly), ["--urls", $"http://127.0.0.1:{port}"],
            Path.Combine(TestPaths.RepoRoot, "src", "KhConferenceBot"), environment, TestPaths.ArtifactsDirectory("bench"));
        var url = new Uri($"http://127.0.0.1:{port}/");
        await HttpReadiness.WaitAsync(new Uri(url, "healthz"), TimeSpan.FromSeconds(180), name, process);
        return new BenchServer(name, url, process);
    }

    public static Task<BenchServer> StartBareAsync() => StartAsync("bare", "KhConferenceBot.Bench.Bare", []);

    /// <summary>The bot in local mode on its own tables; <paramref name="settings"/> (environment form, A__B) are added last.</summary>
    public static Task<BenchServer> StartBotAsync(string storage, string tablePrefix, Uri connector, Dictionary<string, string?>? settings = null)
    {
        var environment = new Dictionary<string, string?>
        {
            ["Storage__ConnectionString"] = storage,
            ["Storage__TablePrefix"] = tablePrefix,
            ["Bot__MicrosoftAppId"] = "",
            ["Outbox__DefaultServiceUrl"] = connector.ToString(),
            // The sample conference as scripts/run makes it: the plan read by the plan reader, delegates.csv beside it.
            ["Planning__SamplePlans__0"] = Path.Combine(TestPaths.RepoRoot, "samples", "khanh-hoa-2023", "ke-hoach.txt"),
            ["Conference__Organizers__0"] = "00000000-0000-0000-0000-0000000000a0",
            ["Conference__PublicBaseUrl"] = "http://127.0.0.1:3978",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }

        return StartAsync("bot", "KhConferenceBot", environment);
    }

    /// <summary>utime + stime of the process, in microseconds (fields 14 and 15 of /proc/pid/stat).</summary>
    public double CpuMicros()
    {
        var stat = File.ReadAllText($"/proc/{process.Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * 1_000_000.0 / ClockTicksPerSecond;
    }

    /// <summary>A line of /proc/pid/status in MB (VmRSS: resident now; VmHWM: the peak).</summary>
    public double StatusMegabytes(string field)
    {
        var line = File.ReadLines($"/proc/{process.Pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}

internal static class Stats
{
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
    }

    /// <summary>The load average over the last minute: the machine is shared, so each table says how busy it was.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
