namespace KhConferenceBot.Common;

/// <summary>
/// A text in Vietnamese and English, picked per turn. Vietnamese is always there; a missing English text falls back to
/// it, since a Vietnamese line beats an empty one.
/// </summary>
public sealed record BilingualText(string Vi, string En)
{
    public string Get(Language language) => language == Language.En && !string.IsNullOrWhiteSpace(En) ? En : Vi;
}
