namespace KhConferenceBot.Common;

/// <summary>The two languages the bot speaks. Vietnamese is the conference's language and the default.</summary>
public enum Language
{
    Vi,
    En,
}

public static class LanguageExtensions
{
    /// <summary>Picks the text for the language; keeps both translations side by side where they are used.</summary>
    public static string Pick(this Language language, string vi, string en) => language == Language.En ? en : vi;

    public static string Code(this Language language) => language == Language.En ? "en" : "vi";

    public static Language? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "vi" or "vi-vn" => Language.Vi,
        "en" or "en-us" or "en-gb" => Language.En,
        _ => null,
    };
}
