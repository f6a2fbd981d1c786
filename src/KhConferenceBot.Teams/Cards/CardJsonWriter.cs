using System.Text.Json;
using System.Text.Json.Serialization;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Teams.Cards;

/// <summary>
/// Writes card JSON by hand rather than by reflection, so the polymorphic element lists, the always-on
/// Action.Execute fallback and the "omit when unset" rules live in one place and cannot drift.
/// </summary>
internal sealed class CardJsonWriter(Utf8JsonWriter writer)
{
    public Utf8JsonWriter Json { get; } = writer;

    public void String(string name, string? value)
    {
        if (value is not null)
        {
            Json.WriteString(name, value);
        }
    }

    public void Bool(string name, bool? value)
    {
        if (value is { } v)
        {
            Json.WriteBoolean(name, v);
        }
    }

    public void Int(string name, int? value)
    {
        if (value is { } v)
        {
            Json.WriteNumber(name, v);
        }
    }

    public void Enum<T>(string name, T? value)
        where T : struct, System.Enum
    {
        if (value is { } v)
        {
            Json.WriteString(name, JsonNamingPolicy.CamelCase.ConvertName(v.ToString()));
        }
    }

    public void Element(string name, JsonElement? value)
    {
        if (value is { } v)
        {
            Json.WritePropertyName(name);
            v.WriteTo(Json);
        }
    }

    /// <summary>Writes the array even when empty, for properties the schema marks required (items, facts, choices).</summary>
    public void Array<T>(string name, IEnumerable<T>? items, Action<CardJsonWriter, T> write)
    {
        Json.WriteStartArray(name);
        foreach (var item in items ?? [])
        {
            if (item is not null)
            {
                write(this, item);
            }
        }

        Json.WriteEndArray();
    }

    public void OptionalArray<T>(string name, ICollection<T>? items, Action<CardJsonWriter, T> write)
    {
        if (items is { Count: > 0 })
        {
            Array(name, items, write);
        }
    }

    public void Strings(string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return;
        }

        Json.WriteStartArray(name);
        foreach (var v in values)
        {
            Json.WriteStringValue(v);
        }

        Json.WriteEndArray();
    }
}

/// <summary>Lets cards, elements and actions be embedded in any object serialized with System.Text.Json.</summary>
internal sealed class CardJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeof(AdaptiveCard).IsAssignableFrom(typeToConvert)
        || typeof(CardNode).IsAssignableFrom(typeToConvert)
        || typeof(AdaptiveAction).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T>
        where T : class
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("Adaptive Cards are built in code and only written; read inbound card data as JsonElement.");

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            var w = new CardJsonWriter(writer);
            switch (value)
            {
                case AdaptiveCard card:
                    card.Write(w, nested: false);
                    break;
                case CardNode node:
                    node.Write(w);
                    break;
                case AdaptiveAction action:
                    action.Write(w);
                    break;
                default:
                    throw new NotSupportedException($"{typeof(T)} is not a card type.");
            }
        }
    }
}

/// <summary>Turns caller-supplied action data into a JSON snapshot at assignment, so bad data fails where it is set.</summary>
internal static class CardData
{
    public static JsonElement? ToElement(object? data)
    {
        var element = data switch
        {
            null => (JsonElement?)null,
            JsonElement e => e.Clone(),
            _ => JsonSerializer.SerializeToElement(data, data.GetType(), TeamsJson.Options),
        };

        return element is { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } ? null : element;
    }
}
