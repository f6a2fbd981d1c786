using System.Text.Json;
using System.Text.Json.Serialization;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Cards;

/// <summary>
/// An Adaptive Card 1.5, the highest version Teams renders for bot messages. Build it with object and collection
/// initialisers, then <see cref="ToJsonElement"/> for an attachment or an invoke response.
/// </summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class AdaptiveCard
{
    public const string Version = "1.5";
    public const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";

    public IList<CardElement> Body { get; init; } = [];
    public IList<AdaptiveAction> Actions { get; init; } = [];

    /// <summary>Makes Teams fetch a per-user version of the card (Universal Actions user-specific views).</summary>
    public Refresh? Refresh { get; set; }

    /// <summary>Language of the card's text, e.g. "vi-VN"; affects DATE()/TIME() formatting.</summary>
    public string? Lang { get; set; }

    /// <summary>Writes <c>"msteams": {"width": "Full"}</c> so the card uses the whole message column.</summary>
    public bool FullWidth { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, TeamsJson.Options);

    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, TeamsJson.Options);

    public Attachment ToAttachment() => new() { ContentType = Attachment.AdaptiveCardContentType, Content = ToJsonElement() };

    internal void Write(CardJsonWriter w, bool nested)
    {
        w.Json.WriteStartObject();
        w.Json.WriteString("type", "AdaptiveCard");

        // A card shown by Action.ShowCard gets a version too: Teams mobile refuses cards without one.
        w.Json.WriteString("version", Version);
        if (!nested)
        {
            w.Json.WriteString("$schema", Schema);
        }

        w.String("lang", Lang);
        w.Array("body", Body, static (w, e) => e.Write(w));
        w.OptionalArray("actions", Actions, static (w, a) => a.Write(w));

        // Refresh and msteams only mean something on the card Teams received, not on one nested inside it.
        if (!nested)
        {
            Refresh?.Write(w);
            if (FullWidth)
            {
                w.Json.WriteStartObject("msteams");
                w.Json.WriteString("width", "Full");
                w.Json.WriteEndObject();
            }
        }

        w.Json.WriteEndObject();
    }
}

/// <summary>
/// Card refresh for user-specific views. <see cref="UserIds"/> null: Teams refreshes automatically for everyone, but only
/// in conversations of at most 60 members; empty: manual refresh only; otherwise the listed user MRIs (29:...), at most 60.
/// </summary>
public sealed class Refresh
{
    public const int MaxUserIds = 60;

    public Refresh(ExecuteAction action, IEnumerable<string>? userIds = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        Action = action;
        UserIds = userIds?.ToArray();
        if (UserIds is { Count: > MaxUserIds })
        {
            throw new ArgumentException($"Teams accepts at most {MaxUserIds} refresh user ids; got {UserIds.Count}.", nameof(userIds));
        }
    }

    public ExecuteAction Action { get; }
    public IReadOnlyList<string>? UserIds { get; }

    internal void Write(CardJsonWriter w)
    {
        w.Json.WriteStartObject("refresh");
        w.Json.WritePropertyName("action");
        Action.Write(w);
        w.Strings("userIds", UserIds);
        w.Json.WriteEndObject();
    }
}
