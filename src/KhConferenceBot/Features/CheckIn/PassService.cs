using System.Collections.Concurrent;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>A person's current pass, ready to render: the QR's token and the short code.</summary>
public sealed record CheckInPass(string ConferenceId, PassHolder Holder, string Code, string Token);

public enum PassLookupStatus
{
    Valid,
    Malformed,
    Tampered,
    OtherConference,
    Unknown,
    Revoked,
}

public sealed record PassLookup(PassLookupStatus Status, PassHolder? Holder = null);

/// <summary>
/// Issues passes and reads them back. A pass is issued for one answer (<see cref="PassHolder.AnswerVersion"/>); asking
/// for it again with the same answer gives the same pass, a changed answer gives a new code and the old one is refused
/// as revoked from that moment, even before the new pass is asked for.
/// </summary>
public sealed class PassService(CheckInStore store, PassHolders holders, TimeProvider time)
{
    private const int MaxCodeDraws = 8;

    /// <summary>A desk reloads a conference's codes at most this often when it meets one it does not know.</summary>
    public static readonly TimeSpan CodeReloadInterval = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    // Short codes as issued: a code row never changes once added, so a desk needs it from storage once. Loaded for the
    // whole conference at the first scan, which takes a round trip off each of the morning's 200 check-ins.
    private readonly ExpiringCache<PassCode> _codes = new(time, TimeSpan.FromHours(12), capacity: 200_000);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _codesLoadedAt = new(StringComparer.Ordinal);

    /// <summary>The person's pass, issued now if they have none for their current answer; null when they are not entitled to one.</summary>
    public async Task<CheckInPass?> GetOrIssueAsync(Conference conference, string delegateId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var holder = await holders.FindAsync(conference.Id, delegateId, cancellationToken).ConfigureAwait(false);
        if (holder is null)
        {
            return null;
        }

        var key = await KeyAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var stored = await store.GetPassAsync(conference.Id, holder.Person.Id, cancellationToken).ConfigureAwait(false);
            if (stored is not null && stored.IssuedFor == holder.AnswerVersion)
            {
                return new CheckInPass(conference.Id, holder, stored.Code, PassToken.Create(key, conference.Id, stored.Code));
            }

            var code = await ClaimCodeAsync(conference.Id, holder, cancellationToken).ConfigureAwait(false);
            var pass = new StoredPass(holder.Person.Id, code, holder.AnswerVersion, time.GetUtcNow());
            if (await store.TrySavePassAsync(conference.Id, pass, stored?.ETag, cancellationToken).ConfigureAwait(false))
            {
                return new CheckInPass(conference.Id, holder, code, PassToken.Create(key, conference.Id, code));
            }

            // Two requests issued at once: the other one's pass stands, read it (our code stays unused and reads as revoked).
        }

        throw new InvalidOperationException($"The pass of '{delegateId}' kept changing while it was issued.");
    }

    /// <summary>What a scanned token or typed code is at this conference's desk, checked against the current answers.</summary>
    public async Task<PassLookup> LookupAsync(Conference conference, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conference);
        var key = await KeyAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        var read = PassToken.Read(text, conference.Id, () => key, out var code);
        switch (read)
        {
            case PassReadStatus.Malformed:
                return new PassLookup(PassLookupStatus.Malformed);
            case PassReadStatus.Tampered:
                return new PassLookup(PassLookupStatus.Tampered);
            case PassReadStatus.OtherConference:
                return new PassLookup(PassLookupStatus.OtherConference);
        }

        var issued = await IssuedCodeAsync(conference.Id, code, cancellationToken).ConfigureAwait(false);
        if (issued is null)
        {
            return new PassLookup(PassLookupStatus.Unknown);
        }

        // The person's current answer and pass are independent reads: together, one round trip instead of two.
        var holderRead = holders.FindAsync(conference.Id, issued.DelegateId, cancellationToken);
        var currentRead = store.GetPassAsync(conference.Id, issued.DelegateId, cancellationToken);
        var holder = await holderRead.ConfigureAwait(false);
        var current = await currentRead.ConfigureAwait(false);
        var valid = holder is not null && current is not null
            && current.Code == code && current.IssuedFor == holder.AnswerVersion && issued.IssuedFor == holder.AnswerVersion;
        return valid ? new PassLookup(PassLookupStatus.Valid, holder) : new PassLookup(PassLookupStatus.Revoked);
    }

    private async Task<PassCode?> IssuedCodeAsync(string conferenceId, string code, CancellationToken cancellationToken)
    {
        var key = conferenceId + "\u001f" + code;
        if (_codes.TryGet(key, out var known))
        {
            return known;
        }

        var now = time.GetUtcNow();
        if (!_codesLoadedAt.TryGetValue(conferenceId, out var loadedAt) || now - loadedAt >= CodeReloadInterval)
        {
            _codesLoadedAt[conferenceId] = now;
            foreach (var issued in await store.ListCodesAsync(conferenceId, cancellationToken).ConfigureAwait(false))
            {
                _codes.Set(conferenceId + "\u001f" + issued.Code, issued);
            }

            if (_codes.TryGet(key, out known))
            {
                return known;
            }
        }

        // Issued since the last load (or never): one point read. Unknown codes are not kept, so a code issued a moment
        // later is found on its first scan.
        var read = await store.GetCodeAsync(conferenceId, code, cancellationToken).ConfigureAwait(false);
        if (read is not null)
        {
            _codes.Set(key, read);
        }

        return read;
    }

    /// <summary>The conference's key (made once, then never changes, so it is kept in memory after the first read).</summary>
    public async Task<byte[]> KeyAsync(string conferenceId, CancellationToken cancellationToken)
    {
        if (_keys.TryGetValue(conferenceId, out var key))
        {
            return key;
        }

        key = await store.GetOrCreateKeyAsync(conferenceId, cancellationToken).ConfigureAwait(false);
        return _keys.GetOrAdd(conferenceId, key);
    }

    private async Task<string> ClaimCodeAsync(string conferenceId, PassHolder holder, CancellationToken cancellationToken)
    {
        for (var draw = 0; draw < MaxCodeDraws; draw++)
        {
            var code = PassToken.NewCode();
            if (await store.TryAddCodeAsync(conferenceId, new PassCode(code, holder.Person.Id, holder.AnswerVersion), cancellationToken).ConfigureAwait(false))
            {
                return code;
            }
        }

        // 29^6 (about 600 million) codes against a few hundred people: eight collisions in a row means something else is wrong.
        throw new InvalidOperationException("No free pass code after several draws.");
    }
}
