namespace KhConferenceBot.Workspace.Components;

/// <summary>One run of a Teams message's text: plain, or between Teams' <c>**</c> bold marks.</summary>
public readonly record struct TextRun(string Text, bool Bold);

/// <summary>
/// The little of Teams' markdown the bot writes (<c>**bold**</c> and line breaks), read into runs so a page shows the
/// message as the group chat does, rather than with its marks as text.
/// </summary>
public static class TeamsMarkdown
{
    /// <summary>The text's lines (blank lines dropped), each as runs; an unclosed <c>**</c> is kept as written.</summary>
    public static IReadOnlyList<IReadOnlyList<TextRun>> Lines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        return [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(Runs)];
    }

    private static IReadOnlyList<TextRun> Runs(string line)
    {
        var parts = line.Split("**");
        var runs = new List<TextRun>();

        // An odd count of marks leaves the last one unclosed: that part stays plain, its mark shown.
        var closed = parts.Length % 2 == 1 ? parts.Length : parts.Length - 1;
        for (var i = 0; i < closed; i++)
        {
            if (parts[i].Length > 0)
            {
                runs.Add(new TextRun(parts[i], i % 2 == 1));
            }
        }

        if (closed < parts.Length)
        {
            runs.Add(new TextRun("**" + parts[^1], false));
        }

        return runs;
    }
}
