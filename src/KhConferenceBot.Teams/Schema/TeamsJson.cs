using System.Text.Json;
using System.Text.Json.Serialization;

namespace KhConferenceBot.Teams.Schema;

/// <summary>The one set of JSON rules for everything on the wire: camelCase, nulls omitted, case-insensitive reads.</summary>
public static class TeamsJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = true,
            MaxDepth = 64,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, Options);

    /// <summary>
    /// Reads an activity from untrusted bytes. Returns null, never throws, for anything that is not a JSON object with a type.
    /// </summary>
    public static Activity? TryParseActivity(ReadOnlySpan<byte> utf8, out string? error)
    {
        try
        {
            var activity = JsonSerializer.Deserialize<Activity>(utf8, Options);
            if (activity is null)
            {
                error = "body is not a JSON object";
                return null;
            }

            if (string.IsNullOrWhiteSpace(activity.Type))
            {
                error = "activity has no type";
                return null;
            }

            error = null;
            return activity;
        }
        catch (JsonException ex)
        {
            error = "body is not a valid activity: " + ex.Message;
            return null;
        }
    }
}
