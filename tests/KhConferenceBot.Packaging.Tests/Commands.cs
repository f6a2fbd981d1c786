using System.Text.Json.Nodes;

namespace KhConferenceBot.Packaging.Tests;

internal sealed record BotCommand(string Scope, string Vi, string En, bool OrganizerOnly);

internal static class Commands
{
    public static IReadOnlyList<BotCommand> Load()
    {
        var root = Json.ReadObject(Repo.Path("manifest", "commands.json"));
        return root["commands"]!.AsArray()
            .Select(c => new BotCommand(c!["scope"].Str(), c["vi"].Str(), c["en"].Str(), c["organizerOnly"]!.GetValue<bool>()))
            .ToList();
    }

    public static IReadOnlyList<string> ManifestScopes(string scope)
    {
        var root = Json.ReadObject(Repo.Path("manifest", "commands.json"));
        return root["scopes"]![scope]!.AsArray().Select(s => s.Str()).ToList();
    }

    public static JsonArray CommandLists(JsonObject manifest) => manifest["bots"]![0]!["commandLists"]!.AsArray();
}
