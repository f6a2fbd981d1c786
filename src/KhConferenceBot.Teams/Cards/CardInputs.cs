using System.Text.Json.Serialization;

namespace KhConferenceBot.Teams.Cards;

/// <summary>
/// An input. Its <see cref="CardNode.Id"/> is the key its value arrives under in the submit/execute data,
/// so it is required and fixed at construction.
/// </summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public abstract class CardInput : CardElement
{
    private protected CardInput(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        Id = id;
    }

    public string? Label { get; set; }
    public bool? IsRequired { get; set; }
    public string? ErrorMessage { get; set; }

    private protected abstract void WriteInputProperties(CardJsonWriter w);

    private protected sealed override void WriteProperties(CardJsonWriter w)
    {
        w.String("label", Label);
        WriteInputProperties(w);
        w.Bool("isRequired", IsRequired);
        w.String("errorMessage", ErrorMessage);
    }
}

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class TextInput(string id) : CardInput(id)
{
    public string? Placeholder { get; set; }
    public bool? IsMultiline { get; set; }
    public int? MaxLength { get; set; }
    public string? Value { get; set; }

    /// <summary>Checked by the client only; validate again on the server.</summary>
    public string? Regex { get; set; }

    private protected override string TypeName => "Input.Text";

    private protected override void WriteInputProperties(CardJsonWriter w)
    {
        w.String("placeholder", Placeholder);
        w.Bool("isMultiline", IsMultiline);
        w.Int("maxLength", MaxLength);
        w.String("value", Value);
        w.String("regex", Regex);
    }
}

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class ChoiceSetInput(string id) : CardInput(id)
{
    public IList<Choice> Choices { get; init; } = [];
    public ChoiceInputStyle? Style { get; set; }
    public bool? IsMultiSelect { get; set; }

    /// <summary>The selected value; for multi-select, values joined with commas (that is how clients send them back too).</summary>
    public string? Value { get; set; }

    public string? Placeholder { get; set; }

    private protected override string TypeName => "Input.ChoiceSet";

    private protected override void WriteInputProperties(CardJsonWriter w)
    {
        w.Array("choices", Choices, static (w, c) =>
        {
            w.Json.WriteStartObject();
            w.Json.WriteString("title", c.Title);
            w.Json.WriteString("value", c.Value);
            w.Json.WriteEndObject();
        });
        w.Enum("style", Style);
        w.Bool("isMultiSelect", IsMultiSelect);
        w.String("value", Value);
        w.String("placeholder", Placeholder);
    }
}

public sealed record Choice(string Title, string Value);

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class ToggleInput(string id, string title) : CardInput(id)
{
    public string Title { get; set; } = title ?? throw new ArgumentNullException(nameof(title));
    public string? Value { get; set; }
    public string? ValueOn { get; set; }
    public string? ValueOff { get; set; }

    /// <summary>Wrap the title; without it renderers cut a long title on one line ("…với các đại biể...").</summary>
    public bool? Wrap { get; set; }

    private protected override string TypeName => "Input.Toggle";

    private protected override void WriteInputProperties(CardJsonWriter w)
    {
        w.String("title", Title);
        w.String("value", Value);
        w.String("valueOn", ValueOn);
        w.String("valueOff", ValueOff);
        w.Bool("wrap", Wrap);
    }
}
