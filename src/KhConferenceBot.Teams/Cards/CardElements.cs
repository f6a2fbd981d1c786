using System.Globalization;
using System.Text.Json.Serialization;

namespace KhConferenceBot.Teams.Cards;

/// <summary>
/// Anything with a "type" that sits in a card's layout: body elements and columns. The hierarchy is closed
/// (the write hook is private protected) because the writer is the only place that knows the wire format.
/// Every card class repeats the converter attribute because System.Text.Json does not inherit it.
/// </summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public abstract class CardNode
{
    private protected CardNode()
    {
    }

    public string? Id { get; set; }
    public Spacing? Spacing { get; set; }
    public bool? Separator { get; set; }

    /// <summary>Null leaves the default (visible); false hides the element until an Action.ToggleVisibility shows it.</summary>
    public bool? IsVisible { get; set; }

    private protected abstract string TypeName { get; }

    private protected abstract void WriteProperties(CardJsonWriter w);

    internal void Write(CardJsonWriter w)
    {
        w.Json.WriteStartObject();
        w.Json.WriteString("type", TypeName);
        w.String("id", Id);
        WriteProperties(w);
        w.Enum("spacing", Spacing);
        w.Bool("separator", Separator);
        w.Bool("isVisible", IsVisible);
        w.Json.WriteEndObject();
    }

    internal static void WriteNode(CardJsonWriter w, CardNode node) => node.Write(w);
}

/// <summary>An element allowed in a card body, a container or a column.</summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public abstract class CardElement : CardNode
{
    private protected CardElement()
    {
    }
}

/// <summary>Markdown text. Pass user-supplied text through <see cref="CardText.Plain"/> first.</summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class TextBlock(string text) : CardElement
{
    public string Text { get; set; } = text ?? throw new ArgumentNullException(nameof(text));
    public TextSize? Size { get; set; }
    public TextWeight? Weight { get; set; }
    public TextColor? Color { get; set; }
    public bool? IsSubtle { get; set; }

    /// <summary>On by default: Teams truncates unwrapped text to one line, which hides most Vietnamese sentences.</summary>
    public bool Wrap { get; set; } = true;

    public int? MaxLines { get; set; }
    public HorizontalAlignment? HorizontalAlignment { get; set; }
    public TextBlockStyle? Style { get; set; }

    private protected override string TypeName => "TextBlock";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.String("text", Text);
        w.Enum("size", Size);
        w.Enum("weight", Weight);
        w.Enum("color", Color);
        w.Bool("isSubtle", IsSubtle);
        w.Bool("wrap", Wrap);
        w.Int("maxLines", MaxLines);
        w.Enum("horizontalAlignment", HorizontalAlignment);
        w.Enum("style", Style);
    }
}

/// <summary>Runs of styled text. Text runs are not processed as markdown, so user text can go in unescaped.</summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class RichTextBlock : CardElement
{
    public IList<TextRun> Inlines { get; init; } = [];
    public HorizontalAlignment? HorizontalAlignment { get; set; }

    private protected override string TypeName => "RichTextBlock";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.Array("inlines", Inlines, static (w, run) => run.Write(w));
        w.Enum("horizontalAlignment", HorizontalAlignment);
    }
}

public sealed class TextRun(string text)
{
    public string Text { get; set; } = text ?? throw new ArgumentNullException(nameof(text));
    public TextSize? Size { get; set; }
    public TextWeight? Weight { get; set; }
    public TextColor? Color { get; set; }
    public bool? IsSubtle { get; set; }
    public bool? Italic { get; set; }
    public bool? Strikethrough { get; set; }
    public bool? Underline { get; set; }
    public bool? Highlight { get; set; }

    internal void Write(CardJsonWriter w)
    {
        w.Json.WriteStartObject();
        w.Json.WriteString("type", "TextRun");
        w.String("text", Text);
        w.Enum("size", Size);
        w.Enum("weight", Weight);
        w.Enum("color", Color);
        w.Bool("isSubtle", IsSubtle);
        w.Bool("italic", Italic);
        w.Bool("strikethrough", Strikethrough);
        w.Bool("underline", Underline);
        w.Bool("highlight", Highlight);
        w.Json.WriteEndObject();
    }
}

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class FactSet : CardElement
{
    public IList<Fact> Facts { get; init; } = [];

    private protected override string TypeName => "FactSet";

    private protected override void WriteProperties(CardJsonWriter w) =>
        w.Array("facts", Facts, static (w, fact) =>
        {
            w.Json.WriteStartObject();
            w.Json.WriteString("title", fact.Title);
            w.Json.WriteString("value", fact.Value);
            w.Json.WriteEndObject();
        });
}

/// <summary>Both parts are markdown in Teams; escape user text with <see cref="CardText.Plain"/>.</summary>
public sealed record Fact(string Title, string Value);

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class ColumnSet : CardElement
{
    public IList<Column> Columns { get; init; } = [];
    public ContainerStyle? Style { get; set; }
    public bool? Bleed { get; set; }
    public HorizontalAlignment? HorizontalAlignment { get; set; }

    private protected override string TypeName => "ColumnSet";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.Array("columns", Columns, WriteNode);
        w.Enum("style", Style);
        w.Bool("bleed", Bleed);
        w.Enum("horizontalAlignment", HorizontalAlignment);
    }
}

/// <summary>A column of a <see cref="ColumnSet"/>; not an element in its own right.</summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class Column : CardNode
{
    public Column()
    {
    }

    public Column(ColumnWidth width) => Width = width;

    public IList<CardElement> Items { get; init; } = [];
    public ColumnWidth? Width { get; set; }
    public VerticalContentAlignment? VerticalContentAlignment { get; set; }
    public ContainerStyle? Style { get; set; }
    public bool? Bleed { get; set; }

    private protected override string TypeName => "Column";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.Array("items", Items, WriteNode);
        if (Width is { } width)
        {
            w.Json.WritePropertyName("width");
            width.WriteValue(w);
        }

        w.Enum("verticalContentAlignment", VerticalContentAlignment);
        w.Enum("style", Style);
        w.Bool("bleed", Bleed);
    }
}

/// <summary>"auto", "stretch", a relative weight (written as a number) or a pixel width ("50px").</summary>
public readonly record struct ColumnWidth
{
    private readonly string? _keyword;
    private readonly int _value;
    private readonly bool _isPixels;

    private ColumnWidth(string? keyword, int value, bool isPixels)
    {
        _keyword = keyword;
        _value = value;
        _isPixels = isPixels;
    }

    public static ColumnWidth Auto { get; } = new("auto", 0, isPixels: false);
    public static ColumnWidth Stretch { get; } = new("stretch", 0, isPixels: false);

    public static ColumnWidth Weighted(int weight) =>
        weight > 0 ? new(null, weight, isPixels: false) : throw new ArgumentOutOfRangeException(nameof(weight), weight, "Weight must be positive.");

    public static ColumnWidth Pixels(int pixels) =>
        pixels > 0 ? new(null, pixels, isPixels: true) : throw new ArgumentOutOfRangeException(nameof(pixels), pixels, "Width must be positive.");

    public static implicit operator ColumnWidth(int weight) => Weighted(weight);

    public override string ToString() =>
        _keyword ?? (_isPixels ? _value.ToString(CultureInfo.InvariantCulture) + "px" : _value.ToString(CultureInfo.InvariantCulture));

    internal void WriteValue(CardJsonWriter w)
    {
        if (_keyword is null && !_isPixels)
        {
            w.Json.WriteNumberValue(_value);
        }
        else
        {
            w.Json.WriteStringValue(ToString());
        }
    }
}

[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class Container : CardElement
{
    public IList<CardElement> Items { get; init; } = [];
    public ContainerStyle? Style { get; set; }
    public bool? Bleed { get; set; }
    public VerticalContentAlignment? VerticalContentAlignment { get; set; }

    private protected override string TypeName => "Container";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.Array("items", Items, WriteNode);
        w.Enum("style", Style);
        w.Bool("bleed", Bleed);
        w.Enum("verticalContentAlignment", VerticalContentAlignment);
    }
}

/// <summary>Buttons inside the body, e.g. next to the inputs they submit.</summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class ActionSet : CardElement
{
    public IList<AdaptiveAction> Actions { get; init; } = [];

    private protected override string TypeName => "ActionSet";

    private protected override void WriteProperties(CardJsonWriter w) =>
        w.Array("actions", Actions, static (w, a) => a.Write(w));
}

/// <summary>
/// A picture: an https URL or a data: URI (PNG). Teams takes images up to 1024x1024 and 1 MB; a base64 data URI is
/// not counted in the ~100 KB message limit, but keep it small anyway (mobile clients fetch the whole card).
/// </summary>
[JsonConverter(typeof(CardJsonConverterFactory))]
public sealed class Image(string url, string altText) : CardElement
{
    public string Url { get; set; } = url ?? throw new ArgumentNullException(nameof(url));

    /// <summary>Read by screen readers; required here because an image without it is invisible to them.</summary>
    public string AltText { get; set; } = altText ?? throw new ArgumentNullException(nameof(altText));

    /// <summary>Explicit width in pixels, e.g. 240 ("240px" on the wire).</summary>
    public int? PixelWidth { get; set; }

    public HorizontalAlignment? HorizontalAlignment { get; set; }

    private protected override string TypeName => "Image";

    private protected override void WriteProperties(CardJsonWriter w)
    {
        w.String("url", Url);
        w.String("altText", AltText);
        w.String("width", PixelWidth is { } px ? px.ToString(CultureInfo.InvariantCulture) + "px" : null);
        w.Enum("horizontalAlignment", HorizontalAlignment);
    }
}
