using System.Text.Json;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Invoke;

/// <summary>
/// One card button press, whether it came as Action.Execute (invoke adaptiveCard/action) or as its
/// Action.Submit fallback (a message whose value carries the verb). Data is untrusted client input.
/// </summary>
public sealed record CardAction(string Verb, JsonElement Data, bool IsInvoke, string? Trigger)
{
    public const string InvokeName = "adaptiveCard/action";

    /// <summary>The key under which Action.Submit fallbacks carry the verb.</summary>
    public const string VerbKey = "verb";

    public static CardAction? TryRead(Activity activity)
    {
        if (activity.IsType(ActivityTypes.Invoke) && string.Equals(activity.Name, InvokeName, StringComparison.Ordinal))
        {
            if (activity.Value is not { ValueKind: JsonValueKind.Object } value
                || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var verb = GetString(action, "verb");
            if (string.IsNullOrWhiteSpace(verb))
            {
                return null;
            }

            var data = action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d.Clone() : EmptyObject;
            return new CardAction(verb, data, IsInvoke: true, GetString(value, "trigger"));
        }

        if (activity.IsType(ActivityTypes.Message) && activity.Value is { ValueKind: JsonValueKind.Object } submit)
        {
            var verb = GetString(submit, VerbKey);
            return string.IsNullOrWhiteSpace(verb) ? null : new CardAction(verb, submit.Clone(), IsInvoke: false, Trigger: "manual");
        }

        return null;
    }

    /// <summary>A string field of the data, trimmed; null when absent or not a string.</summary>
    public string? GetString(string name) => GetString(Data, name);

    public bool GetBool(string name) =>
        Data.TryGetProperty(name, out var v) && (v.ValueKind == JsonValueKind.True
            || (v.ValueKind == JsonValueKind.String && string.Equals(v.GetString(), "true", StringComparison.OrdinalIgnoreCase)));

    private static string? GetString(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return v.GetString()?.Trim();
        }
        catch (InvalidOperationException)
        {
            // The parser keeps strings as raw bytes, so an escape such as "\uD800" (a lone surrogate) only fails here.
            return null;
        }
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
