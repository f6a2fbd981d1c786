using System.Diagnostics;

namespace KhConferenceBot.Packaging.Tests;

internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

internal static class ProcessRunner
{
    // Settings the scripts read from the environment; cleared so a developer's shell cannot change test results.
    private static readonly string[] PackageSettings = ["KHCB_APP_ID", "KHCB_BOT_ID", "KHCB_DOMAIN", "KHCB_VERSION"];

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Repo.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in PackageSettings)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', start.ArgumentList)} did not finish in time");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    public static Task<ProcessResult> BuildAppPackageAsync(string outDir, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArguments) =>
        RunAsync("bash", [Repo.Path("scripts", "build-app-package"), "--out", outDir, .. extraArguments], environment);

    public static Task<ProcessResult> ValidateAsync(string manifestPath)
    {
        Repo.RequireNodeTools();
        return RunAsync("node", [Repo.Path("scripts", "validate-app-package.mjs"), manifestPath]);
    }
}
