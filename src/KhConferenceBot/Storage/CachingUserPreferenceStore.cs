using KhConferenceBot.Common;

namespace KhConferenceBot.Storage;

/// <summary>
/// Every turn asks for the sender's language, and a personal turn of someone in several conferences for the one they
/// chose; this keeps the answers (also "no preference", the common case), so a turn in the steady state costs no
/// storage call for them. Changes are rare: each one also rewrites a version row (<see cref="CacheVersion"/>), so a
/// change made through this instance is seen at once and one made through another within
/// <see cref="VersionCheckInterval"/>.
/// </summary>
public sealed class CachingUserPreferenceStore : IUserPreferenceStore
{
    public static readonly TimeSpan VersionCheckInterval = CacheVersion.CheckInterval;

    /// <summary>Answers kept at once: far more than the delegates of the conferences one deployment runs.</summary>
    public const int Capacity = 50_000;

    private readonly IUserPreferenceStore _inner;
    private readonly CacheVersion _version;

    // An answer also expires by itself, a backstop should a version write ever be lost.
    private readonly ExpiringCache<Language?> _languages;
    private readonly ExpiringCache<string?> _choices;

    public CachingUserPreferenceStore(IUserPreferenceStore inner, TableStore tables, TimeProvider time)
    {
        _inner = inner;
        _languages = new(time, TimeSpan.FromHours(1), Capacity);
        _choices = new(time, TimeSpan.FromHours(1), Capacity);
        _version = new CacheVersion(tables, time, "preferences", () =>
        {
            _languages.Clear();
            _choices.Clear();
        });
    }

    public async Task<Language?> GetLanguageAsync(string userKey, CancellationToken cancellationToken)
    {
        await _version.CheckIfDueAsync(cancellationToken).ConfigureAwait(false);
        if (_languages.TryGet(userKey, out var cached))
        {
            return cached;
        }

        var language = await _inner.GetLanguageAsync(userKey, cancellationToken).ConfigureAwait(false);
        _languages.Set(userKey, language);
        return language;
    }

    public async Task SetLanguageAsync(string userKey, Language language, CancellationToken cancellationToken)
    {
        // Forgotten first: if the write fails, the next read asks storage rather than trusting a value of unknown fate.
        _languages.Remove(userKey);
        await _inner.SetLanguageAsync(userKey, language, cancellationToken).ConfigureAwait(false);
        await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
        _languages.Set(userKey, language);
    }

    public async Task<string?> GetConferenceAsync(string userKey, CancellationToken cancellationToken)
    {
        await _version.CheckIfDueAsync(cancellationToken).ConfigureAwait(false);
        if (_choices.TryGet(userKey, out var cached))
        {
            return cached;
        }

        var chosen = await _inner.GetConferenceAsync(userKey, cancellationToken).ConfigureAwait(false);
        _choices.Set(userKey, chosen);
        return chosen;
    }

    public async Task SetConferenceAsync(string userKey, string conferenceId, CancellationToken cancellationToken)
    {
        _choices.Remove(userKey);
        await _inner.SetConferenceAsync(userKey, conferenceId, cancellationToken).ConfigureAwait(false);
        await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
        _choices.Set(userKey, conferenceId);
    }
}
