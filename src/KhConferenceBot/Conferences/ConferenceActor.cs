using KhConferenceBot.Common;

namespace KhConferenceBot.Conferences;

/// <summary>
/// Who does something in one conference, as the surface authenticated them (the turn's activity, the workspace
/// sign-in): their Entra object id, the roles they hold in THAT conference, and the language a refusal is written in.
/// Services check the roles themselves; a surface never decides who may act.
/// </summary>
public sealed record ConferenceActor(string? AadObjectId, ConferenceRole Roles, Language Language)
{
    public bool IsOrganizer => Roles.HasFlag(ConferenceRole.Organizer);

    public string T(string vi, string en) => Language.Pick(vi, en);
}
