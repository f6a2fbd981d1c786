using System.Text.RegularExpressions;

namespace KhConferenceBot.Tests.Architecture;

/// <summary>
/// Which folders of the bot use which, read from the C# sources: a folder is a module (Common, Conferences, Bot, ...;
/// each folder under Features is a feature named after it). A use is a using directive or a qualified name.
/// </summary>
public sealed partial class SourceDependencies
{
    private const string FeaturePrefix = "Features/";

    private readonly Dictionary<string, Dictionary<string, string>> _uses = new(StringComparer.Ordinal);

    /// <summary>Module -> used module -> the first file that uses it (for the failure message).</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>> Uses => _uses;

    public static SourceDependencies Read(string projectDirectory)
    {
        var sources = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path: Path.GetRelativePath(projectDirectory, f).Replace(Path.DirectorySeparatorChar, '/'), Text: File.ReadAllText(f)));
        return From(sources);
    }

    /// <summary>Builds the graph from (path relative to the project, source text) pairs.</summary>
    public static SourceDependencies From(IEnumerable<(string Path, string Text)> sources)
    {
        var list = sources.ToList();
        var modules = list.Select(s => ModuleOf(s.Path)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var features = modules.Where(m => m.StartsWith(FeaturePrefix, StringComparison.Ordinal)).Select(m => m[FeaturePrefix.Length..]).ToHashSet(StringComparer.Ordinal);
        var result = new SourceDependencies();
        foreach (var (path, text) in list)
        {
            if (ModuleOf(path) is not { } module)
            {
                continue;
            }

            var uses = result._uses.TryGetValue(module, out var existing) ? existing : result._uses[module] = new(StringComparer.Ordinal);
            foreach (var used in UsedModules(StripCommentsAndStrings(text), module, modules, features))
            {
                if (used != module)
                {
                    uses.TryAdd(used, path);
                }
            }
        }

        return result;
    }

    public IReadOnlySet<string> Features => _uses.Keys.Where(m => m.StartsWith(FeaturePrefix, StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every module reachable from <paramref name="module"/> through uses, itself excluded unless in a cycle.</summary>
    public IReadOnlySet<string> Reachable(string module)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(Direct(module));
        while (stack.TryPop(out var next))
        {
            if (seen.Add(next))
            {
                foreach (var further in Direct(next))
                {
                    stack.Push(further);
                }
            }
        }

        return seen;
    }

    public IEnumerable<string> Direct(string module) => _uses.TryGetValue(module, out var uses) ? uses.Keys : [];

    /// <summary>"Features/Agenda" for src/KhConferenceBot/Features/Agenda/X.cs, "Bot" for Bot/X.cs; null for Program.cs.</summary>
    private static string? ModuleOf(string path)
    {
        var parts = path.Split('/');
        return parts.Length switch
        {
            < 2 => null,
            _ when parts[0] == "Features" && parts.Length >= 3 => $"{FeaturePrefix}{parts[1]}",
            _ => parts[0],
        };
    }

    private static IEnumerable<string> UsedModules(string code, string module, HashSet<string> modules, HashSet<string> features)
    {
        foreach (Match m in FullName().Matches(code))
        {
            var name = m.Groups["first"].Value == "Features" && m.Groups["second"].Success
                ? $"{FeaturePrefix}{m.Groups["second"].Value}"
                : m.Groups["first"].Value;
            if (modules.Contains(name))
            {
                yield return name;
            }
        }

        // Inside the app's namespace a sibling is named without the root: "Conferences.AgendaTime", "Features.Agenda.X",
        // and inside a feature "Agenda.IGroupChatStore".
        foreach (Match m in ShortName().Matches(code))
        {
            var first = m.Groups["first"].Value;
            if (first == "Features" && m.Groups["second"].Success && features.Contains(m.Groups["second"].Value))
            {
                yield return $"{FeaturePrefix}{m.Groups["second"].Value}";
            }
            else if (!first.Equals("Features", StringComparison.Ordinal) && modules.Contains(first))
            {
                yield return first;
            }
            else if (module.StartsWith(FeaturePrefix, StringComparison.Ordinal) && features.Contains(first))
            {
                yield return $"{FeaturePrefix}{first}";
            }
        }
    }

    private static string StripCommentsAndStrings(string code) => CommentOrString().Replace(code, " ");

    [GeneratedRegex(@"\bKhConferenceBot\.(?<first>[A-Z]\w*)(\.(?<second>[A-Z]\w*))?")]
    private static partial Regex FullName();

    [GeneratedRegex(@"(?<![\w.])(?<first>[A-Z]\w*)\.(?<second>[A-Z]\w*)")]
    private static partial Regex ShortName();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@?\$?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
