using System.Runtime.CompilerServices;

namespace KhConferenceBot.Testing;

/// <summary>Where the repository, its npm tools and the test artifacts are, wherever the tests run from.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The directory holding KhConferenceBot.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>tools/node_modules/.bin, filled by scripts/install-tools.</summary>
    public static string ToolsBin => Path.Combine(RepoRoot, "tools", "node_modules", ".bin");

    /// <summary>
    /// Screenshots and logs worth keeping: $KHCB_ARTIFACTS when scripts/test sets it (it copies them to test-output/),
    /// else an "artifacts" folder next to the test binaries.
    /// </summary>
    public static string ArtifactsDirectory(string subfolder)
    {
        var root = Environment.GetEnvironmentVariable("KHCB_ARTIFACTS");
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine(AppContext.BaseDirectory, "artifacts");
        }

        var dir = Path.Combine(root, subfolder);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>A tool from tools/node_modules/.bin, or a clear failure that says how to install it.</summary>
    public static string Tool(string name)
    {
        var path = Path.Combine(ToolsBin, name);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is missing: run scripts/install-tools first.");
    }

    private static string FindRepoRoot()
    {
        // The tests run from bin/<config>/<tfm> or an --artifacts-path elsewhere, so start from both.
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KhConferenceBot.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        // Builds with --artifacts-path put the binaries outside the repository: then KHCB_REPO_ROOT, or where this
        // file was compiled from (tests/Shared/TestPaths.cs), says where it is.
        var compiledFrom = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(SourceFile())));
        foreach (var candidate in new[] { Environment.GetEnvironmentVariable("KHCB_REPO_ROOT"), compiledFrom })
        {
            if (!string.IsNullOrWhiteSpace(candidate) && File.Exists(Path.Combine(candidate, "KhConferenceBot.sln")))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new InvalidOperationException("Cannot find KhConferenceBot.sln above the test binaries; set KHCB_REPO_ROOT.");
    }

    private static string SourceFile([CallerFilePath] string path = "") => path;
}
