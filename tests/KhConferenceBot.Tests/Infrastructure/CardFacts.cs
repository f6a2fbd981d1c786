using System.Text.Json;

namespace KhConferenceBot.Tests.Infrastructure;

/// <summary>Reads a card's facts and checks that a shortened text ends after a whole word.</summary>
public static class CardFacts
{
    public static List<(string Title, string Value)> All(JsonElement card)
    {
        var facts = new List<(string, string)>();
        Collect(card, facts);
        return facts;
    }

    /// <summary>The text is the original, or a head of it that stops before a space or punctuation, followed by "…".</summary>
    public static void AssertCutAtWordBoundary(string shown, IEnumerable<string> originals)
    {
        if (originals.Contains(shown, StringComparer.Ordinal))
        {
            return;
        }

        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        var head = shown[..^1];
        var original = Assert.Single(originals, o => o.StartsWith(head, StringComparison.Ordinal));
        Assert.False(char.IsLetterOrDigit(original[head.Length]), $"“{shown}” cuts “{original}” inside a word");
    }

    private static void Collect(JsonElement element, List<(string, string)> facts)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, facts);
                }

                break;
            case JsonValueKind.Object:
                if (element.TryGetProperty("title", out var title) && element.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    facts.Add((title.GetString() ?? "", value.GetString() ?? ""));
                }

                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, facts);
                }

                break;
        }
    }
}
