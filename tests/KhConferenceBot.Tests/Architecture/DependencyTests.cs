using System.Text.RegularExpressions;
using KhConferenceBot.Testing;

namespace KhConferenceBot.Tests.Architecture;

/// <summary>
/// Features depend on each other as a tree (docs/architecture.md draws it) and the plumbing under them uses no feature:
/// read from the sources, so a new "using" across the line fails here before it tangles the folders.
/// </summary>
public sealed partial class DependencyTests
{
    private static readonly Lazy<SourceDependencies> App = new(() => SourceDependencies.Read(Path.Combine(TestPaths.RepoRoot, "src", "KhConferenceBot")));

    private static readonly string[] Plumbing = ["Common", "Storage", "Conferences", "Bot", "Outbox", "Graph"];

    [Fact]
    public void Features_UseNoFeatureThatUsesThem()
    {
        var cycles = CycleEdges(App.Value);
        Assert.True(cycles.Count == 0, "A feature uses a feature that depends on it:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void Plumbing_UsesNoFeature()
    {
        var wrong = Plumbing
            .SelectMany(module => App.Value.Uses.TryGetValue(module, out var uses) ? uses.Where(u => u.Key.StartsWith("Features/", StringComparison.Ordinal)).Select(u => $"{module} -> {u.Key} ({u.Value})") : [])
            .ToList();
        Assert.True(wrong.Count == 0, "Shared plumbing uses a feature:\n" + string.Join("\n", wrong));
    }

    [Theory]
    [InlineData("Common")]
    [InlineData("Storage")]
    [InlineData("Conferences")]
    public void Foundation_UsesNeitherBotNorHosting(string module)
    {
        var uses = App.Value.Uses.TryGetValue(module, out var found) ? found : [];
        var wrong = uses.Where(u => u.Key is "Bot" or "Hosting" or "Outbox").Select(u => $"{module} -> {u.Key} ({u.Value})").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Common_UsesNothingElseOfTheApp()
    {
        var uses = App.Value.Uses.TryGetValue("Common", out var found) ? found : [];
        Assert.Empty(uses.Keys);
    }

    [Fact]
    public void ArchitectureDiagram_DrawsEveryFeatureDependencyAndNoOther()
    {
        var drawn = DrawnFeatureEdges(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "architecture.md")));
        var actual = App.Value.Features
            .SelectMany(f => App.Value.Direct(f).Where(u => u.StartsWith("Features/", StringComparison.Ordinal)).Select(u => $"{Name(f)} --> {Name(u)}"))
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(actual.SetEquals(drawn),
            $"docs/architecture.md is out of date. Used but not drawn: [{string.Join(", ", actual.Except(drawn))}]; drawn but not used: [{string.Join(", ", drawn.Except(actual))}]");
    }

    [Fact]
    public void CycleEdges_TwoFeaturesUsingEachOther_ReportsBothEdges()
    {
        var graph = SourceDependencies.From(
        [
            ("Features/Invitations/InvitationService.cs", "using KhConferenceBot.Features.Attendance;\nnamespace KhConferenceBot.Features.Invitations;\nclass S { IRsvpStore s; }"),
            ("Features/Attendance/RsvpCardActions.cs", "namespace KhConferenceBot.Features.Attendance;\nclass A { Invitations.InvitationService s; }"),
            ("Features/Delegates/Store.cs", "namespace KhConferenceBot.Features.Delegates;\nclass D { }"),
        ]);

        var cycles = CycleEdges(graph);

        Assert.Equal(2, cycles.Count);
        Assert.Contains(cycles, c => c.StartsWith("Features/Attendance -> Features/Invitations", StringComparison.Ordinal));
        Assert.Contains(cycles, c => c.StartsWith("Features/Invitations -> Features/Attendance", StringComparison.Ordinal));
    }

    [Fact]
    public void CycleEdges_UseOnlyInCommentsOrStrings_IsNotAUse()
    {
        var graph = SourceDependencies.From(
        [
            ("Features/Agenda/A.cs", "namespace KhConferenceBot.Features.Agenda;\n// Reminders.ReminderScheduler ticks on this\nclass A { string s = \"Reminders.X\"; }"),
            ("Features/Reminders/R.cs", "using KhConferenceBot.Features.Agenda;\nnamespace KhConferenceBot.Features.Reminders;\nclass R { }"),
        ]);

        Assert.Empty(CycleEdges(graph));
        Assert.Equal(["Features/Agenda"], graph.Direct("Features/Reminders"));
    }

    [Fact]
    public void Read_ConferencesUsingBotByShortName_IsAUse()
    {
        var graph = SourceDependencies.From(
        [
            ("Conferences/Conference.cs", "namespace KhConferenceBot.Conferences;\nclass C { Bot.TurnContext t; }"),
            ("Bot/TurnContext.cs", "namespace KhConferenceBot.Bot;\nclass TurnContext { }"),
        ]);

        Assert.Equal(["Bot"], graph.Direct("Conferences"));
    }

    /// <summary>Edges A -> B where B also reaches A, with the file that makes the use.</summary>
    private static List<string> CycleEdges(SourceDependencies graph) =>
        graph.Features
            .SelectMany(f => graph.Uses[f].Where(u => graph.Reachable(u.Key).Contains(f)).Select(u => $"{f} -> {u.Key} (in {u.Value})"))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Name(string module) => module["Features/".Length..];

    /// <summary>The "A --> B" lines of the mermaid diagram whose two ends are features.</summary>
    private static HashSet<string> DrawnFeatureEdges(string markdown)
    {
        var features = App.Value.Features.Select(Name).ToHashSet(StringComparer.Ordinal);
        return Edge().Matches(markdown)
            .Select(m => (From: m.Groups["from"].Value, To: m.Groups["to"].Value))
            .Where(e => features.Contains(e.From) && features.Contains(e.To))
            .Select(e => $"{e.From} --> {e.To}")
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\s*(?<from>\w+)\s*-->\s*(?<to>\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Edge();
}
