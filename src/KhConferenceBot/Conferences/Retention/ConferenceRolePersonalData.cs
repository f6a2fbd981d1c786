namespace KhConferenceBot.Conferences;

/// <summary>
/// Erases who held a role in the conference: reception staff go with their index rows (memberconferences), keeping
/// how many there were. Organizers stay as bare grants (object id and role; no name, e-mail or who granted it):
/// the counts outlive the people on purpose, and someone must still be able to open the archived conference and answer
/// for it (a complaint, an audit of the state body's own record). Without an organizer row only a storage
/// administrator could read those counts, and the workspace would list a conference nobody may open.
/// </summary>
internal sealed class ConferenceRolePersonalData(IConferenceRoleStore store) : IPersonalDataEraser
{
    public async Task<IReadOnlyDictionary<string, int>> EraseAsync(string conferenceId, CancellationToken cancellationToken)
    {
        int organizers = 0, reception = 0;
        foreach (var member in await store.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false))
        {
            var isOrganizer = member.Roles.HasFlag(ConferenceRole.Organizer);
            organizers += isOrganizer ? 1 : 0;
            reception += member.Roles.HasFlag(ConferenceRole.Reception) ? 1 : 0;

            // None removes the row and its index row; an organizer keeps the grant alone.
            await store.SetAsync(
                member with { Roles = isOrganizer ? ConferenceRole.Organizer : ConferenceRole.None, Name = null, Email = null, GrantedBy = null },
                cancellationToken).ConfigureAwait(false);
        }

        return new Dictionary<string, int> { ["members.organizers"] = organizers, ["members.reception"] = reception };
    }
}
