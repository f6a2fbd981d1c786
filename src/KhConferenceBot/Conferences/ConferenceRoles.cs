using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Conferences;

/// <summary>The outcome of a grant or a revoke: the person's roles afterwards, or why nothing changed.</summary>
public sealed record RoleChange(ConferenceMember? Member, RoleChangeRefusal? Refusal);

public enum RoleChangeRefusal
{
    /// <summary>Revoking would leave the conference without any organizer.</summary>
    LastOrganizer,

    /// <summary>No role was named.</summary>
    NothingToChange,
}

/// <summary>
/// Who may do what, per conference, stored and changeable (issue 12): each conference's organizers and reception staff,
/// and who may create conferences at all. Configuration keeps only that bootstrap list (Conference:Organizers); the
/// Entra app role <see cref="CreatorAppRole"/> grants the same.
/// </summary>
public sealed class ConferenceRoles(IConferenceRoleStore store, IOptions<ConferenceOptions> options, TimeProvider time)
{
    /// <summary>The Entra app role that lets its holders create conferences.</summary>
    public const string CreatorAppRole = "Conference.Create";

    /// <summary>The claim that carries the Entra object id in organizer API tokens (and the local key's identity).</summary>
    public const string ObjectIdClaim = "oid";

    /// <summary>The claim Entra puts app roles in.</summary>
    public const string AppRoleClaim = "roles";

    private readonly HashSet<string> _creators = new(options.Value.Organizers.Select(o => o.Trim()), StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured creators' object ids (the bootstrap list).</summary>
    public IReadOnlyCollection<string> Creators => _creators;

    /// <summary>The person's roles in the conference; <see cref="ConferenceRole.None"/> for someone with none.</summary>
    public async Task<ConferenceRole> GetAsync(string conferenceId, string? aadObjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conferenceId);
        return string.IsNullOrWhiteSpace(aadObjectId)
            ? ConferenceRole.None
            : (await store.GetAsync(conferenceId, aadObjectId, cancellationToken).ConfigureAwait(false))?.Roles ?? ConferenceRole.None;
    }

    /// <summary>Everyone holding a role in the conference, organizers first, then by name.</summary>
    public async Task<IReadOnlyList<ConferenceMember>> ListAsync(string conferenceId, CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false))
            .OrderByDescending(m => m.Roles.HasFlag(ConferenceRole.Organizer))
            .ThenBy(m => m.Name ?? m.Email ?? m.AadObjectId, StringComparer.CurrentCulture)];

    /// <summary>Adds <paramref name="roles"/> to what the person holds (name and e-mail are refreshed when given).</summary>
    public async Task<RoleChange> GrantAsync(
        string conferenceId, string aadObjectId, ConferenceRole roles, string? name, string? email, string? grantedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        if (roles == ConferenceRole.None)
        {
            return new RoleChange(null, RoleChangeRefusal.NothingToChange);
        }

        var existing = await store.GetAsync(conferenceId, aadObjectId, cancellationToken).ConfigureAwait(false);
        var member = new ConferenceMember(
            conferenceId,
            aadObjectId.Trim().ToLowerInvariant(),
            (existing?.Roles ?? ConferenceRole.None) | roles,
            string.IsNullOrWhiteSpace(name) ? existing?.Name : name.Trim(),
            string.IsNullOrWhiteSpace(email) ? existing?.Email : email.Trim(),
            grantedBy ?? existing?.GrantedBy,
            time.GetUtcNow());
        await store.SetAsync(member, cancellationToken).ConfigureAwait(false);
        return new RoleChange(member, null);
    }

    /// <summary>Takes <paramref name="roles"/> away; refuses to take the last organizer's, so someone can always manage the conference.</summary>
    public async Task<RoleChange> RevokeAsync(string conferenceId, string aadObjectId, ConferenceRole roles, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(conferenceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        var existing = await store.GetAsync(conferenceId, aadObjectId, cancellationToken).ConfigureAwait(false);
        if (existing is null || (existing.Roles & roles) == ConferenceRole.None)
        {
            return new RoleChange(existing, RoleChangeRefusal.NothingToChange);
        }

        if (roles.HasFlag(ConferenceRole.Organizer) && existing.Roles.HasFlag(ConferenceRole.Organizer))
        {
            var organizers = (await store.ListAsync(conferenceId, cancellationToken).ConfigureAwait(false)).Count(m => m.Roles.HasFlag(ConferenceRole.Organizer));
            if (organizers <= 1)
            {
                return new RoleChange(existing, RoleChangeRefusal.LastOrganizer);
            }
        }

        var member = existing with { Roles = existing.Roles & ~roles };
        await store.SetAsync(member, cancellationToken).ConfigureAwait(false);
        return new RoleChange(member, null);
    }

    /// <summary>The conferences the person holds a role in (one partition read; may list one just revoked, never miss one).</summary>
    public Task<IReadOnlyList<MemberConference>> ConferencesOfAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        return store.ConferencesOfAsync(aadObjectId, cancellationToken);
    }

    /// <summary>May this person create conferences: on the configured list (chat has no app roles to read).</summary>
    public bool IsCreator(string? aadObjectId) => aadObjectId is not null && _creators.Contains(aadObjectId.Trim());

    /// <summary>May the caller create conferences: on the configured list, or holding the <see cref="CreatorAppRole"/> app role.</summary>
    public bool IsCreator(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasClaim(AppRoleClaim, CreatorAppRole) || IsCreator(ObjectId(user));
    }

    /// <summary>The caller's Entra object id from an organizer API token, or null.</summary>
    public static string? ObjectId(ClaimsPrincipal user) =>
        user?.FindFirst(ObjectIdClaim)?.Value ?? user?.FindFirst("http://schemas.microsoft.com/identity/claims/objectidentifier")?.Value;
}
