using System.Collections.Concurrent;

namespace KhConferenceBot.Common;

/// <summary>
/// What a read-through cache decorator keeps: values by key, each trusted for <c>expiry</c> after it was read, at most
/// <c>capacity</c> of them. Expiry rather than invalidation because other instances write too: their changes are seen
/// here within one expiry. Time comes from the injected <see cref="TimeProvider"/>, so tests move it.
/// </summary>
public sealed class ExpiringCache<TValue>(TimeProvider time, TimeSpan expiry, int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && time.GetUtcNow() < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(string key, TValue value)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= capacity)
        {
            Trim(now);
        }

        _entries[key] = new Entry(value, now + expiry);
    }

    public void Remove(string key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    // Expired entries go first; if the cache is still full of live ones (more active keys than capacity), it starts
    // over: a cold read costs one storage call, an unbounded cache costs memory without limit.
    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ExpiresAt <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
    }

    private readonly record struct Entry(TValue Value, DateTimeOffset ExpiresAt);
}
