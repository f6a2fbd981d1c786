using System.Text.Json;
using System.Text.Json.Serialization;

namespace KhConferenceBot.Teams.Cards;

[JsonConverter(typeof(CardJsonConverterFactory))]
public abstract class AdaptiveAction
{
    private protected AdaptiveAction(string? title) => Title = title;

    public string? Title { get; set; }
    public string? Id { get; set; }
    public ActionStyle? Style { get; set; }

    private protected abstract string TypeName { get; }

    private protected abstract void WriteProperties(CardJsonWriter w);

    internal void Write(CardJsonWriter w)
    {
        w.Json.WriteStartObject();
        w.Json.WriteString("type", TypeName);
        w.String("id", Id);
        w.String("title", Title);
        WriteProperties(w);
        w.Enum("style", Style);
        w.Json.WriteEndObject();
    }
}

/// <summary>
/// Action.Execute (Universal Actions). Always written with an Action.Submit fallback carrying the same data plus
/// <c>"verb"</c>, because clients without Universal Actions (older and some mobile Teams builds) would otherwise show
/// a dead button; <see cref="Invoke.CardAction.TryRead"/> reads both shapes.
/// </summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class ExecuteAction : AdaptiveAction
{
    private JsonElement? _data;

    public ExecuteAction(string? title, string verb, object? data = null)
        : base(title)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verb);
        Verb = verb;
        Data = data;
    }

    public string Verb { get; }

    /// <summary>
    /// An object (anonymous, record, dictionary, JsonElement...) snapshotted as JSON on assignment; reading it back
    /// gives that <see cref="JsonElement"/>. Must be a JSON object because the fallback merges the verb into it.
    /// </summary>
    public object? Data
    {
        get => _data;
        set
        {
            var element = CardData.ToElement(value);
            if (element is { ValueKind: not JsonValueKind.Object })
            {
                throw new ArgumentException("Action.Execute data must be a JSON object.", nameof(value));
            }

            _data = element;
        }
    }

    public AssociatedInputs? AssociatedInputs { get; set; }

    private protected override string TypeName => "Action.Execute";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.String("verb", Verb);
        w.Element("data", _data);
        w.Enum("associatedInputs", AssociatedInputs);

        // No id on the fallback: ids must be unique within a card.
        w.Json.WriteStartObject("fallback");
        w.Json.WriteString("type", "Action.Submit");
        w.String("title", Title);
        w.Json.WriteStartObject("data");
        if (_data is { } data)
        {
            foreach (var property in data.EnumerateObject())
            {
                if (!string.Equals(property.Name, Invoke.CardAction.VerbKey, StringComparison.Ordinal))
                {
                    property.WriteTo(w.Json);
                }
            }
        }

        w.Json.WriteString(Invoke.CardAction.VerbKey, Verb);
        w.Json.WriteEndObject();
        w.Enum("associatedInputs", AssociatedInputs);
        w.Enum("style", Style);
        w.Json.WriteEndObject();
    }
}

/// <summary>
/// Action.Submit: the bot receives a message whose value is this data merged with the inputs. Prefer
/// <see cref="ExecuteAction"/>, which falls back to this on its own.
/// </summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class SubmitAction : AdaptiveAction
{
    private JsonElement? _data;

    public SubmitAction(string? title, object? data = null)
        : base(title) => Data = data;

    /// <summary>An object or a string, snapshotted as JSON on assignment.</summary>
    public object? Data
    {
        get => _data;
        set
        {
            var element = CardData.ToElement(value);
            if (element is { ValueKind: not (JsonValueKind.Object or JsonValueKind.String) })
            {
                throw new ArgumentException("Action.Submit data must be a JSON object or string.", nameof(value));
            }

            _data = element;
        }
    }

    public AssociatedInputs? AssociatedInputs { get; set; }

    private protected override string TypeName => "Action.Submit";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.Element("data", _data);
        w.Enum("associatedInputs", AssociatedInputs);
    }
}

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class ShowCardAction(string? title, AdaptiveCard card) : AdaptiveAction(title)
{
    public AdaptiveCard Card { get; set; } = card ?? throw new ArgumentNullException(nameof(card));

    private protected override string TypeName => "Action.ShowCard";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.Json.WritePropertyName("card");
        Card.Write(w, nested: true);
    }
}

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class OpenUrlAction : AdaptiveAction
{
    public OpenUrlAction(string? title, Uri url)
        : base(title)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("Action.OpenUrl needs an absolute URL.", nameof(url));
        }

        Url = url;
    }

    public Uri Url { get; }

    private protected override string TypeName => "Action.OpenUrl";

    // OriginalString keeps the caller's encoding; Teams deep links carry pre-encoded JSON that re-escaping would break.
    private protected override void WriteProperties(CardJsonWriter w) => w.String("url", Url.OriginalString);
}

/// <summary>Shows or hides elements by id, client-side, without a round trip.</summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class ToggleVisibilityAction(string? title) : AdaptiveAction(title)
{
    public IList<string> TargetElements { get; init; } = [];

    private protected override string TypeName => "Action.ToggleVisibility";

    private protected override void WriteProperties(CardJsonWriter w) => w.Strings("targetElements", TargetElements);
}
