using Azure;

namespace KhConferenceBot.Conferences;

/// <summary>
/// The conferences of this deployment, read fresh from storage so every instance sees changes (schedule changes,
/// state moves). Replaces the single configured conference: every caller names the conference it means.
/// </summary>
public sealed class ConferenceDirectory(IConferenceStore store)
{
    /// <summary>The conference with this id, or null when there is none.</summary>
    public async Task<Conference?> GetAsync(string conferenceId, CancellationToken cancellationToken) =>
        (await GetStoredAsync(conferenceId, cancellationToken).ConfigureAwait(false))?.Conference;

    /// <summary>The conference with the ETag that guards an edit of it (<see cref="TryReplaceAsync"/>), or null.</summary>
    public Task<StoredConference?> GetStoredAsync(string conferenceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conferenceId);

        // An id that cannot be one (from a route or card data) is simply not there; it never reaches storage.
        return IsWellFormedId(conferenceId) ? store.GetAsync(conferenceId, cancellationToken) : Task.FromResult<StoredConference?>(null);
    }

    /// <summary>Every conference, newest date first.</summary>
    public async Task<IReadOnlyList<Conference>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(cancellationToken).ConfigureAwait(false)).OrderByDescending(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal)];

    /// <summary>The conferences not closed or archived: the ones background loops serve and people choose from.</summary>
    public async Task<IReadOnlyList<Conference>> ListActiveAsync(CancellationToken cancellationToken) =>
        [.. (await ListAsync(cancellationToken).ConfigureAwait(false)).Where(c => ConferenceLifecycle.IsActive(c.State))];

    /// <summary>Adds a new conference; false when the id is taken (the existing one is left as it is).</summary>
    public Task<bool> CreateAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        if (!IsWellFormedId(conference.Id))
        {
            throw new ArgumentException($"'{conference.Id}' is not a conference id: lower-case letters, digits and dashes, at most 63.", nameof(conference));
        }

        return store.TryAddAsync(conference, cancellationToken);
    }

    /// <summary>Writes the conference if the stored one still has <paramref name="etag"/>; false when someone changed it first.</summary>
    public Task<bool> TryReplaceAsync(Conference conference, ETag etag, CancellationToken cancellationToken) =>
        store.TryReplaceAsync(conference, etag, cancellationToken);

    /// <summary>Lower-case letters, digits and dashes, 1 to 63 characters, starting with a letter or digit: safe in URLs and table keys.</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: > 0 and <= 63 } && IsLowerAlnum(id[0]) && id.All(c => IsLowerAlnum(c) || c == '-');

    private static bool IsLowerAlnum(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
