using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KhConferenceBot.Teams.Tests.Schema;

internal static class JsonAssert
{
    /// <summary>
    /// Asserts two JSON documents are equal ignoring property order and whitespace. Date strings compare as instants
    /// with offsets, because a DateTimeOffset written back says "+00:00" where Teams wrote "Z".
    /// </summary>
    public static void Equivalent(string expected, string actual)
    {
        var differences = new List<string>();
        Compare(JsonNode.Parse(expected), JsonNode.Parse(actual), "$", differences);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences) + Environment.NewLine + "actual: " + actual);
    }

    public static void Equivalent(string expected, JsonElement actual) => Equivalent(expected, actual.GetRawText());

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        switch (expected)
        {
            case null when actual is null:
                return;
            case JsonObject eo when actual is JsonObject ao:
                foreach (var (name, value) in eo)
                {
                    if (!ao.ContainsKey(name))
                    {
                        differences.Add($"{path}.{name}: missing");
                        continue;
                    }

                    Compare(value, ao[name], $"{path}.{name}", differences);
                }

                foreach (var (name, _) in ao)
                {
                    if (!eo.ContainsKey(name))
                    {
                        differences.Add($"{path}.{name}: unexpected");
                    }
                }

                return;
            case JsonArray ea when actual is JsonArray aa:
                if (ea.Count != aa.Count)
                {
                    differences.Add($"{path}: {ea.Count} items expected, {aa.Count} found");
                    return;
                }

                for (var i = 0; i < ea.Count; i++)
                {
                    Compare(ea[i], aa[i], $"{path}[{i}]", differences);
                }

                return;
            case JsonValue ev when actual is JsonValue av:
                if (!JsonNode.DeepEquals(ev, av) && !SameInstant(ev, av))
                {
                    differences.Add($"{path}: expected {ev.ToJsonString()}, found {av.ToJsonString()}");
                }

                return;
            default:
                differences.Add($"{path}: expected {expected?.ToJsonString() ?? "null"}, found {actual?.ToJsonString() ?? "null"}");
                return;
        }
    }

    private static bool SameInstant(JsonValue expected, JsonValue actual) =>
        expected.TryGetValue<string>(out var e) && actual.TryGetValue<string>(out var a)
        && e.Contains('T', StringComparison.Ordinal)
        && DateTimeOffset.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var ed)
        && DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var ad)
        && ed == ad && ed.Offset == ad.Offset;
}
