using System.Security.Claims;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Workspace;

/// <summary>A conference as one signed-in person may see it, with what they may do there.</summary>
public sealed record WorkspaceConference(Conference Conference, WorkspaceAudience Roles)
{
    public bool IsOrganizer => Roles.HasFlag(WorkspaceAudience.Organizer);
}

/// <summary>Which conferences a signed-in person may open, and in which role.</summary>
public sealed class WorkspaceAccess(CurrentConference current)
{
    public async Task<IReadOnlyList<WorkspaceConference>> ConferencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IsOrganizer(user))
        {
            return [];
        }

        return [new WorkspaceConference(await current.GetAsync(cancellationToken).ConfigureAwait(false), WorkspaceAudience.Organizer | WorkspaceAudience.Reception)];
    }

    /// <returns>Null when the conference does not exist or the person has no role in it (the page says the same for both).</returns>
    public async Task<WorkspaceConference?> OpenAsync(ClaimsPrincipal user, string conferenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!IsOrganizer(user) || !string.Equals(conferenceId, current.Id, StringComparison.Ordinal))
        {
            return null;
        }

        return new WorkspaceConference(await current.GetAsync(cancellationToken).ConfigureAwait(false), WorkspaceAudience.Organizer | WorkspaceAudience.Reception);
    }

    private static bool IsOrganizer(ClaimsPrincipal user) => user.IsInRole(OrganizerOptions.Role);
}
