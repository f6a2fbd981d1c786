using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.Delegates;

/// <summary>
/// A person on the conference's delegate list. (Not named "Delegate": that would clash with System.Delegate
/// in every file that uses both.)
/// </summary>
public sealed record ConferenceDelegate
{
    /// <summary>Stable id: the lower-cased email when there is one, so re-imports update rather than duplicate.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? Position { get; init; }

    public string? Organisation { get; init; }

    /// <summary>One of the conference's <see cref="DelegateGroup"/> ids.</summary>
    public required string GroupId { get; init; }

    public DelegateCategory Category { get; init; }

    public string? Email { get; init; }

    /// <summary>The Entra object id once known (from import, Graph, or the first message the person sends).</summary>
    public string? AadObjectId { get; init; }

    /// <summary>The district, town or city for delegates of a locality.</summary>
    public string? District { get; init; }

    /// <summary>Set when this person attends in place of another delegate (the original's id).</summary>
    public string? SubstituteForId { get; init; }

    /// <summary>Set for leaders a district contact registered (the contact's id).</summary>
    public string? RegisteredById { get; init; }

    /// <summary>How the organizers want this person reached; Auto is Teams when an account is known, else e-mail.</summary>
    public DelegateChannel Channel { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Set when an organizer took the person off the list. The row stays (with any answer they gave, which stays in the
    /// answers ledger) until the conference's personal data is erased, but every read but <see cref="IDelegateStore.ListRemovedAsync"/>
    /// skips it, so no count, send, reminder or export sees them. An import naming them again brings them back.
    /// </summary>
    public DateTimeOffset? RemovedAt { get; init; }

    /// <summary>Who removed them (the organizer's Entra object id).</summary>
    public string? RemovedBy { get; init; }

    public static string IdFromEmail(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>The organizers' choice of channel for a delegate (the import's "kênh gửi" column).</summary>
public enum DelegateChannel
{
    Auto,
    Teams,
    Email,
}

public interface IDelegateStore
{
    Task<ConferenceDelegate?> GetAsync(string conferenceId, string delegateId, CancellationToken cancellationToken);

    Task<ConferenceDelegate?> FindByAadObjectIdAsync(string conferenceId, string aadObjectId, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConferenceDelegate>> ListAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>The delegates organizers removed (<see cref="ConferenceDelegate.RemovedAt"/>), which no other read returns.</summary>
    Task<IReadOnlyList<ConferenceDelegate>> ListRemovedAsync(string conferenceId, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces (a removed delegate written again without <see cref="ConferenceDelegate.RemovedAt"/> is back); all rows of one call are written in transactions of up to 100, nothing half-written per batch.</summary>
    Task UpsertAsync(string conferenceId, IReadOnlyCollection<ConferenceDelegate> delegates, CancellationToken cancellationToken);

    /// <summary>Removes the rows (a leader their district no longer registers); rows already gone are fine.</summary>
    Task DeleteAsync(string conferenceId, IReadOnlyCollection<string> delegateIds, CancellationToken cancellationToken);
}
