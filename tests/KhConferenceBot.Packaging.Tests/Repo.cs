using System.Reflection;

namespace KhConferenceBot.Packaging.Tests;

internal static class Repo
{
    public static string Root { get; } = Metadata("RepoRoot");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string BicepExecutable
    {
        get
        {
            var path = Metadata("BicepPath");
            if (!OperatingSystem.IsLinux())
            {
                throw new PlatformNotSupportedException("the referenced bicep package is the linux-x64 build");
            }

            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"bicep not found at '{path}': restore the test project (package Azure.Bicep.CommandLine.linux-x64).");
            }

            // NuGet extraction does not always keep the execute bit.
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            return path;
        }
    }

    public static void RequireNodeTools()
    {
        var appManifest = Path("tools", "node_modules", "@microsoft", "app-manifest");
        if (!Directory.Exists(appManifest))
        {
            Assert.Fail($"{appManifest} is missing: run scripts/install-tools");
        }
    }

    private static string Metadata(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is empty");
}
