using System.Globalization;
using System.Text.Json;
using KhConferenceBot.Common;
using KhConferenceBot.Features.Agenda;
using KhConferenceBot.Tests.Infrastructure;

namespace KhConferenceBot.Tests.Agenda;

/// <summary>
/// Every text the agenda card colours must stay readable on the container it sits in: WCAG 2.1 asks 4.5:1 for text
/// below the "large" size. The colours are those of the official renderer's default host config
/// (adaptivecards lib/host-config.js, the renderer CardRenderingTests screenshots with), the nearest public stand-in
/// for Teams' own.
/// </summary>
public sealed class AgendaCardContrastTests
{
    private const double NormalTextMinimum = 4.5;
    private const double LargeTextMinimum = 3.0;

    private static readonly Dictionary<string, string> Foreground = new(StringComparer.OrdinalIgnoreCase)
    {
        ["default"] = "#333333", ["default-subtle"] = "#EE333333",
        ["dark"] = "#000000", ["dark-subtle"] = "#66000000",
        ["light"] = "#FFFFFF", ["light-subtle"] = "#33000000",
        ["accent"] = "#2E89FC", ["accent-subtle"] = "#882E89FC",
        ["good"] = "#028A02", ["good-subtle"] = "#DD027502",
        ["warning"] = "#E69500", ["warning-subtle"] = "#DDE69500",
        ["attention"] = "#CC3300", ["attention-subtle"] = "#DDCC3300",
    };

    // The default host config gives every container style the same foreground colours, so only the background varies.
    private static readonly Dictionary<string, string> Background = new(StringComparer.OrdinalIgnoreCase)
    {
        ["default"] = "#FFFFFF",
        ["emphasis"] = "#08000000",
        ["accent"] = "#C7DEF9",
        ["good"] = "#CCFFCC",
        ["attention"] = "#FFC5B2",
        ["warning"] = "#FFE2B2",
    };

    [Fact]
    public void Contrast_WarningColourOnWarningContainer_IsBelowTheMinimum() =>
        Assert.True(Contrast("warning", subtle: false, "warning") < NormalTextMinimum);

    [Fact]
    public void Contrast_BlackOnWhite_IsTwentyOne() =>
        Assert.Equal(21.0, Contrast("dark", subtle: false, "default"), precision: 6);

    [Theory]
    [InlineData(Language.Vi)]
    [InlineData(Language.En)]
    public void Build_ChangePreviewDuringTheDay_EveryTextMeetsWcagContrast(Language language)
    {
        var conference = AgendaRenderingTests.Sample();
        conference.FindItem("break")!.Cancelled = true;
        var snapshot = AgendaSnapshot.At(conference, ClockDriver.Local(8, 7));
        ChangedRow[] changes = [new("closing", "11h00 - 11h15", WasCancelled: false), new("break", "10h00 - 10h15", WasCancelled: false)];

        var card = AgendaCard.Render(conference, language, snapshot, changes, heading: "Xem trước thay đổi");

        var texts = Texts(card, "default").ToList();
        Assert.Contains(texts, t => t.Text.Contains("11h00 - 11h15", StringComparison.Ordinal) && t.Style == "warning");
        Assert.Contains(texts, t => t.Style == "good");
        Assert.Contains(texts, t => t.Style == "emphasis");
        var unreadable = texts
            .Select(t => (t.Text, t.Style, Ratio: Contrast(t.Color, t.Subtle, t.Style), Minimum: t.Large ? LargeTextMinimum : NormalTextMinimum))
            .Where(t => t.Ratio < t.Minimum)
            .Select(t => $"“{t.Text}” on {t.Style}: {t.Ratio.ToString("0.00", CultureInfo.InvariantCulture)}:1")
            .ToList();
        Assert.True(unreadable.Count == 0, string.Join("; ", unreadable));
    }

    private sealed record ColouredText(string Text, string Color, bool Subtle, bool Large, string Style);

    /// <summary>Each TextBlock and TextRun with the container style it inherits; facts use the default colour.</summary>
    private static IEnumerable<ColouredText> Texts(JsonElement element, string style)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany(e => Texts(e, style));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var type = element.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is "Container" or "Column" or "ColumnSet" && element.TryGetProperty("style", out var s) && s.GetString() is { } own)
        {
            style = own;
        }

        if (type is "TextBlock" or "TextRun")
        {
            var color = element.TryGetProperty("color", out var c) ? c.GetString()! : "default";
            var subtle = element.TryGetProperty("isSubtle", out var sub) && sub.GetBoolean();
            var large = element.TryGetProperty("size", out var size) && size.GetString() is "large" or "extraLarge";
            return [new ColouredText(element.GetProperty("text").GetString()!, color, subtle, large, style)];
        }

        return element.EnumerateObject().SelectMany(p => Texts(p.Value, style));
    }

    private static double Contrast(string color, bool subtle, string containerStyle)
    {
        var background = Blend(Parse(Background[containerStyle]), (1, 1, 1));
        var foreground = Blend(Parse(Foreground[subtle ? color + "-subtle" : color]), background);
        var (lighter, darker) = (Math.Max(Luminance(foreground), Luminance(background)), Math.Min(Luminance(foreground), Luminance(background)));
        return (lighter + 0.05) / (darker + 0.05);
    }

    /// <summary>"#RRGGBB" or the host config's "#AARRGGBB", channels 0..1.</summary>
    private static (double A, double R, double G, double B) Parse(string hex)
    {
        var digits = hex.TrimStart('#');
        var argb = uint.Parse(digits.Length == 6 ? "FF" + digits : digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return (((argb >> 24) & 0xFF) / 255.0, ((argb >> 16) & 0xFF) / 255.0, ((argb >> 8) & 0xFF) / 255.0, (argb & 0xFF) / 255.0);
    }

    private static (double R, double G, double B) Blend((double A, double R, double G, double B) top, (double R, double G, double B) under) =>
        (top.A * top.R + (1 - top.A) * under.R, top.A * top.G + (1 - top.A) * under.G, top.A * top.B + (1 - top.A) * under.B);

    /// <summary>WCAG 2.1 relative luminance of an sRGB colour.</summary>
    private static double Luminance((double R, double G, double B) c)
    {
        static double Linear(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
        return 0.2126 * Linear(c.R) + 0.7152 * Linear(c.G) + 0.0722 * Linear(c.B);
    }
}
