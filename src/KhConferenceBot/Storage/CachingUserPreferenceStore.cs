using KhConferenceBot.Common;

namespace KhConferenceBot.Storage;

/// <summary>
/// Every turn asks for the sender's language; this keeps the answer (also "no preference", the common case) for
/// <see cref="Expiry"/>, so a conversation in full flow costs no storage call for it. A switch made through this
/// instance is seen at once; one made through another instance within <see cref="Expiry"/>.
/// </summary>
public sealed class CachingUserPreferenceStore(IUserPreferenceStore inner, TimeProvider time) : IUserPreferenceStore
{
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(10);

    /// <summary>Users whose answer is kept at once: far more than speak to one deployment within <see cref="Expiry"/>.</summary>
    public const int Capacity = 50_000;

    private readonly ExpiringCache<Language?> _languages = new(time, Expiry, Capacity);

    public async Task<Language?> GetLanguageAsync(string userKey, CancellationToken cancellationToken)
    {
        if (_languages.TryGet(userKey, out var cached))
        {
            return cached;
        }

        var language = await inner.GetLanguageAsync(userKey, cancellationToken).ConfigureAwait(false);
        _languages.Set(userKey, language);
        return language;
    }

    public async Task SetLanguageAsync(string userKey, Language language, CancellationToken cancellationToken)
    {
        // Forgotten first: if the write fails, the next read asks storage rather than trusting a value of unknown fate.
        _languages.Remove(userKey);
        await inner.SetLanguageAsync(userKey, language, cancellationToken).ConfigureAwait(false);
        _languages.Set(userKey, language);
    }
}
