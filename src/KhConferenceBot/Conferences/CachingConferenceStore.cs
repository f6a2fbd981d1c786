using System.Text.Json;
using Azure;
using KhConferenceBot.Common;

namespace KhConferenceBot.Conferences;

/// <summary>
/// Every turn reads its conference; this keeps what storage returned for <see cref="Expiry"/>, so turns in the steady
/// state cost no storage call for it. A change made through this instance is seen at once; one made through another
/// instance within <see cref="Expiry"/>. A failed conditional replace (someone changed it first) drops the entry, so
/// the caller's next read, the one its retry is based on, comes from storage.
/// </summary>
/// <remarks>
/// The cache holds the JSON, and each read gets its own copy: <see cref="Conference"/> is mutable and its callers edit
/// it before writing it back; a shared instance would carry one caller's unsaved edit into everyone's turns.
/// </remarks>
public sealed class CachingConferenceStore(IConferenceStore inner, TimeProvider time) : IConferenceStore
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);

    private const string AllKey = "*";

    private readonly ExpiringCache<Snapshot?> _conferences = new(time, Expiry, capacity: 1_000);
    private readonly ExpiringCache<byte[]> _lists = new(time, Expiry, capacity: 1);

    public async Task<StoredConference?> GetAsync(string conferenceId, CancellationToken cancellationToken)
    {
        if (!_conferences.TryGet(conferenceId, out var snapshot))
        {
            var stored = await inner.GetAsync(conferenceId, cancellationToken).ConfigureAwait(false);
            snapshot = stored is null ? null : new Snapshot(JsonSerializer.SerializeToUtf8Bytes(stored.Conference, ConferenceJson.Options), stored.ETag);
            _conferences.Set(conferenceId, snapshot);
        }

        return snapshot is null ? null : new StoredConference(
            JsonSerializer.Deserialize<Conference>(snapshot.Json, ConferenceJson.Options)!, snapshot.ETag);
    }

    /// <summary>Every personal-chat turn lists the active conferences to find the person's: kept like one conference.</summary>
    public async Task<IReadOnlyList<Conference>> ListAsync(CancellationToken cancellationToken)
    {
        if (!_lists.TryGet(AllKey, out var json))
        {
            json = JsonSerializer.SerializeToUtf8Bytes(await inner.ListAsync(cancellationToken).ConfigureAwait(false), ConferenceJson.Options);
            _lists.Set(AllKey, json);
        }

        return JsonSerializer.Deserialize<List<Conference>>(json, ConferenceJson.Options)!;
    }

    public async Task<bool> TryAddAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);

        // A cached "no such conference" must not outlive its creation.
        var added = await inner.TryAddAsync(conference, cancellationToken).ConfigureAwait(false);
        Forget(conference.Id);
        return added;
    }

    public async Task<bool> TryReplaceAsync(Conference conference, ETag etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        Forget(conference.Id);
        try
        {
            return await inner.TryReplaceAsync(conference, etag, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Again after the write: a turn may have cached the old version while it was under way.
            Forget(conference.Id);
        }
    }

    public async Task UpsertAsync(Conference conference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        Forget(conference.Id);
        try
        {
            await inner.UpsertAsync(conference, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Forget(conference.Id);
        }
    }

    private void Forget(string conferenceId)
    {
        _conferences.Remove(conferenceId);
        _lists.Remove(AllKey);
    }

    private sealed record Snapshot(byte[] Json, ETag ETag);
}
