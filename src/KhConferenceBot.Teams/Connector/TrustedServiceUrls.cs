using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Teams.Connector;

/// <summary>
/// The service URLs the bot token may be sent to: the configured ones plus every serviceUrl that arrived in a
/// validated inbound activity. A token sent anywhere else could be replayed against the Connector by whoever runs that host.
/// </summary>
/// <remarks>
/// Local mode (no app id) checks no inbound token, so an inbound serviceUrl proves nothing: there the bot talks only to
/// loopback service URLs (the Playground, test fakes) and to the configured ones, never to a host a caller named.
/// </remarks>
public sealed class TrustedServiceUrls
{
    // Validated activities only come from a handful of Teams regions; the cap stops a bug upstream from growing this without end.
    private const int MaxEntries = 1024;

    private readonly ConcurrentDictionary<string, byte> _prefixes = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _localMode;

    public TrustedServiceUrls(IOptions<ConnectorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _localMode = string.IsNullOrWhiteSpace(options.Value.MicrosoftAppId);
        foreach (var url in options.Value.TrustedServiceUrls)
        {
            Trust(url);
        }
    }

    /// <summary>Trusts a serviceUrl. Call it only for activities whose signature and serviceurl claim were checked.</summary>
    /// <returns>False when the URL is not one a token may ever go to (not absolute, or plain http to a remote host).</returns>
    public bool Trust(string serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || !IsAcceptableTarget(uri))
        {
            return false;
        }

        var key = Normalise(uri);
        if (_prefixes.ContainsKey(key))
        {
            return true;
        }

        if (_prefixes.Count >= MaxEntries)
        {
            return false;
        }

        _prefixes.TryAdd(key, 0);
        return true;
    }

    /// <summary>True when <paramref name="uri"/> (a service URL or a full request URL) lies under a trusted service URL.</summary>
    public bool IsTrusted(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || !IsAcceptableTarget(uri))
        {
            return false;
        }

        var candidate = Normalise(uri);
        foreach (var prefix in _prefixes.Keys)
        {
            if (candidate.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public bool IsTrusted(string serviceUrl) => Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && IsTrusted(uri);

    /// <summary>
    /// Whether the bot may call (and remember) this service URL: a trusted one, or in local mode any loopback URL.
    /// </summary>
    public bool MaySendTo(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return IsTrusted(uri) || (_localMode && uri.IsAbsoluteUri && uri.IsLoopback && IsAcceptableTarget(uri));
    }

    public bool MaySendTo(string serviceUrl) => Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && MaySendTo(uri);

    public IReadOnlyCollection<string> Snapshot() => [.. _prefixes.Keys];

    // A bearer token over plain http is readable on the wire; loopback is allowed for local emulators only.
    private static bool IsAcceptableTarget(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);

    // The trailing slash makes the prefix match whole path segments: /teams/ must not trust /teamsevil/.
    private static string Normalise(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (!path.EndsWith('/'))
        {
            path += "/";
        }

        return string.Concat(uri.Scheme, "://", uri.IdnHost, ":", uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
    }
}
