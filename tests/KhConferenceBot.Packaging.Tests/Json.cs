using System.Text.Json;
using System.Text.Json.Nodes;

namespace KhConferenceBot.Packaging.Tests;

internal static class Json
{
    public static JsonObject ReadObject(string path) =>
        JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException($"{path} is not a JSON object");

    public static void Write(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

    public static string Str(this JsonNode? node) => node?.GetValue<string>() ?? throw new InvalidDataException("missing string");
}
