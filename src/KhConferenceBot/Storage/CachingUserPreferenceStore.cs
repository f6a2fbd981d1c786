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

    public Task<Language?> GetLanguageAsync(string userKey, CancellationToken cancellationToken) =>
        ReadAsync(_languages, userKey, _inner.GetLanguageAsync, cancellationToken);

    public Task SetLanguageAsync(string userKey, Language language, CancellationToken cancellationToken) =>
        WriteAsync<Language?>(_languages, userKey, language, (k, c) => _inner.SetLanguageAsync(k, language, c), cancellationToken);

    public Task<string?> GetConferenceAsync(string userKey, CancellationToken cancellationToken) =>
        ReadAsync(_choices, userKey, _inner.GetConferenceAsync, cancellationToken);

    public Task SetConferenceAsync(string userKey, string conferenceId, CancellationToken cancellationToken) =>
        WriteAsync<string?>(_choices, userKey, conferenceId, (k, c) => _inner.SetConferenceAsync(k, conferenceId, c), cancellationToken);

    private async Task<T> ReadAsync<T>(ExpiringCache<T> cache, string userKey, Func<string, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await _version.CheckIfDueAsync(cancellationToken).ConfigureAwait(false);
        if (cache.TryGet(userKey, out var cached))
        {
            return cached;
        }

        var value = await read(userKey, cancellationToken).ConfigureAwait(false);
        cache.Set(userKey, value);
        return value;
    }

    private async Task WriteAsync<T>(ExpiringCache<T> cache, string userKey, T value, Func<string, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        // Forgotten first: if the write fails, the next read asks storage rather than trusting a value of unknown fate.
        cache.Remove(userKey);
        await write(userKey, cancellationToken).ConfigureAwait(false);
        await _version.BumpAsync(cancellationToken).ConfigureAwait(false);
        cache.Set(userKey, value);
    }
}
