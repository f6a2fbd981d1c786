using System.Security.Claims;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Workspace;

/// <summary>A conference as one signed-in person may see it, with the roles they hold in it.</summary>
public sealed record WorkspaceConference(Conference Conference, ConferenceRole Roles)
{
    public bool IsOrganizer => Roles.HasFlag(ConferenceRole.Organizer);

    public bool May(WorkspaceAudience audience) =>
        (audience.HasFlag(WorkspaceAudience.Organizer) && Roles.HasFlag(ConferenceRole.Organizer))
        || (audience.HasFlag(WorkspaceAudience.Reception) && (Roles & (ConferenceRole.Organizer | ConferenceRole.Reception)) != ConferenceRole.None);
}

/// <summary>
/// Which conferences a signed-in person may open, from the stored per-conference roles (the same ones the organizer
/// API's policies read), by the Entra object id the sign-in carried.
/// </summary>
public sealed class WorkspaceAccess(ConferenceDirectory directory, ConferenceRoles roles)
{
    public async Task<IReadOnlyList<WorkspaceConference>> ConferencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (ConferenceRoles.ObjectId(user) is not { Length: > 0 } objectId)
        {
            return [];
        }

        var list = new List<WorkspaceConference>();
        foreach (var member in await roles.ConferencesOfAsync(objectId, cancellationToken).ConfigureAwait(false))
        {
            // The index may still name a conference whose role was just revoked: the role row is the truth.
            if (await OpenAsync(user, member.ConferenceId, cancellationToken).ConfigureAwait(false) is { } open)
            {
                list.Add(open);
            }
        }

        return [.. list.OrderByDescending(c => c.Conference.Date).ThenBy(c => c.Conference.Id, StringComparer.Ordinal)];
    }

    /// <returns>Null when the conference does not exist or the person has no role in it (the page says the same for both).</returns>
    public async Task<WorkspaceConference?> OpenAsync(ClaimsPrincipal user, string conferenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (ConferenceRoles.ObjectId(user) is not { Length: > 0 } objectId || !ConferenceDirectory.IsWellFormedId(conferenceId))
        {
            return null;
        }

        var held = await roles.GetAsync(conferenceId, objectId, cancellationToken).ConfigureAwait(false);
        if (held == ConferenceRole.None)
        {
            return null;
        }

        return await directory.GetAsync(conferenceId, cancellationToken).ConfigureAwait(false) is { } conference
            ? new WorkspaceConference(conference, held)
            : null;
    }
}
