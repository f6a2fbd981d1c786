using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

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
            // Vietnamese stays readable (and 3x smaller) on the wire; HTML-significant characters are still escaped.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
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
        // The serializer only checks UTF-8 in strings it converts; unknown fields and value stay raw and would throw later.
        if (!Utf8.IsValid(utf8))
        {
            error = "body is not valid UTF-8";
            return null;
        }

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
