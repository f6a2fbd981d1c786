using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace KhConferenceBot.Teams.Auth;

/// <summary>
/// The Bot Connector's signing keys with their channel endorsements, read through the platform's OpenID metadata and
/// JWKS parser (<see cref="OpenIdConnectConfigurationRetriever"/>) and cached on the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Not <see cref="ConfigurationManager{T}"/>: its clock is internal (tests could not move it), it refreshes in the
/// background on its own schedule, and with nothing cached every caller fetches. Here, in every state, at most one fetch
/// is in flight (callers share it), it is bounded by <see cref="FetchTimeout"/>, and a new one starts only after
/// <see cref="BotAuthenticationOptions.MinimumKeyRefreshInterval"/> (with nothing cached: after a backoff that starts at
/// <see cref="ColdRetryDelay"/> and doubles up to that interval, so a blip at start does not lock the bot out for long).
/// </remarks>
internal sealed partial class ConnectorSigningKeys
{
    /// <summary>A fetch runs on the request path and Teams gives up after about 15 s.</summary>
    internal static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    internal static readonly TimeSpan ColdRetryDelay = TimeSpan.FromSeconds(5);

    private readonly BotAuthenticationOptions _options;
    private readonly Func<HttpClient> _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();

    private volatile SigningKeySet? _keys;
    private Task<SigningKeySet?>? _inFlight;
    private DateTimeOffset _nextFetchAllowed = DateTimeOffset.MinValue;
    private TimeSpan _coldRetryDelay = ColdRetryDelay;

    public ConnectorSigningKeys(BotAuthenticationOptions options, Func<HttpClient> httpClient, TimeProvider timeProvider, ILogger logger)
    {
        _options = options;
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// The current keys, after a fetch when they are missing, older than <see cref="BotAuthenticationOptions.KeyRefreshInterval"/>
    /// or lack <paramref name="kid"/> and the refresh limit allows one. Null only while no key set was ever fetched.
    /// </summary>
    public async Task<SigningKeySet?> GetAsync(string kid, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var current = _keys;
        if (current is not null && !IsExpired(current) && current.Keys.ContainsKey(kid))
        {
            return current;
        }

        Task<SigningKeySet?> fetch;
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (_inFlight is null && now >= _nextFetchAllowed)
            {
                _nextFetchAllowed = DateTimeOffset.MaxValue;
                _inFlight = FetchAndStoreAsync();
            }

            if (_inFlight is null)
            {
                // Within the limit: the keys we have (stale or lacking this kid) are the answer.
                return _keys;
            }

            fetch = _inFlight;
        }

        // Every caller waits for the one shared fetch, at most FetchTimeout; giving up early cancels only the wait.
        return await fetch.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private bool IsExpired(SigningKeySet keys) => _timeProvider.GetUtcNow() - keys.FetchedAt >= _options.KeyRefreshInterval;

    private async Task<SigningKeySet?> FetchAndStoreAsync()
    {
        // Off the caller's stack, so the lock above is released before any I/O starts.
        await Task.Yield();
        var fetched = await FetchAsync().ConfigureAwait(false);
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (fetched is not null)
            {
                _keys = fetched;
                _coldRetryDelay = ColdRetryDelay;
                _nextFetchAllowed = now + _options.MinimumKeyRefreshInterval;
            }
            else if (_keys is null)
            {
                _nextFetchAllowed = now + _coldRetryDelay;
                _coldRetryDelay = Min(_coldRetryDelay * 2, Max(_options.MinimumKeyRefreshInterval, ColdRetryDelay));
            }
            else
            {
                // The previous keys stay in use: Microsoft rotates rarely, and an outage of the metadata endpoint
                // should not take the bot down with it.
                _nextFetchAllowed = now + _options.MinimumKeyRefreshInterval;
            }

            _inFlight = null;
            return _keys;
        }
    }

    private async Task<SigningKeySet?> FetchAsync()
    {
        var metadataUrl = _options.OpenIdMetadataUrl;
        using var timeout = new CancellationTokenSource(FetchTimeout, _timeProvider);
        try
        {
            var retriever = new MetadataDocumentRetriever(_httpClient(), metadataUrl);
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl.AbsoluteUri, retriever, timeout.Token).ConfigureAwait(false);
            var keys = ReadKeys(configuration.JsonWebKeySet);
            if (keys.Count == 0)
            {
                LogFetchFailed(_logger, metadataUrl, "key set has no usable RSA signing keys");
                return null;
            }

            LogKeysFetched(_logger, keys.Count);
            return new SigningKeySet(keys, _timeProvider.GetUtcNow());
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or JsonException
            or InvalidOperationException or ArgumentException or FormatException)
        {
            var error = timeout.IsCancellationRequested ? $"no answer within {FetchTimeout.TotalSeconds:0} s" : ex.GetType().Name + ": " + ex.Message;
            LogFetchFailed(_logger, metadataUrl, error);
            return null;
        }
    }

    /// <summary>RSA signing keys by kid; <c>endorsements</c>, a Bot Framework extension, arrives in each key's AdditionalData.</summary>
    private static Dictionary<string, SigningKey> ReadKeys(JsonWebKeySet? keySet)
    {
        var keys = new Dictionary<string, SigningKey>(StringComparer.Ordinal);
        foreach (var key in keySet?.Keys ?? [])
        {
            if (string.IsNullOrEmpty(key.Kid)
                || key.Kty != JsonWebAlgorithmsKeyTypes.RSA
                || (!string.IsNullOrEmpty(key.Use) && key.Use != JsonWebKeyUseNames.Sig)
                || string.IsNullOrEmpty(key.N)
                || string.IsNullOrEmpty(key.E))
            {
                continue;
            }

            keys.TryAdd(key.Kid, new SigningKey(key, ReadEndorsements(key)));
        }

        return keys;
    }

    private static HashSet<string> ReadEndorsements(JsonWebKey key)
    {
        var endorsements = new HashSet<string>(StringComparer.Ordinal);
        if (!key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return endorsements;
        }

        if (value is JsonElement { ValueKind: JsonValueKind.Array } array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } endorsement)
                {
                    endorsements.Add(endorsement);
                }
            }
        }
        else if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                if (item is string { Length: > 0 } endorsement)
                {
                    endorsements.Add(endorsement);
                }
            }
        }

        return endorsements;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not fetch Bot Connector signing keys from {Url}: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, Uri url, string error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Fetched {Count} Bot Connector signing keys")]
    private static partial void LogKeysFetched(ILogger logger, int count);

    /// <summary>
    /// Plain GETs: the platform's HttpDocumentRetriever retries some failures by itself, which would double the fetches
    /// the refresh limit counts. Keys fetched over plain http would undo the protection of fetching metadata over https.
    /// </summary>
    private sealed class MetadataDocumentRetriever(HttpClient client, Uri metadataUrl) : IDocumentRetriever
    {
        public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && metadataUrl.Scheme == Uri.UriSchemeHttp)))
            {
                throw new InvalidOperationException("metadata has no usable jwks_uri");
            }

            using var response = await client.GetAsync(uri, cancel).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false);
        }
    }
}

internal sealed record SigningKey(JsonWebKey Key, IReadOnlySet<string> Endorsements);

internal sealed record SigningKeySet(IReadOnlyDictionary<string, SigningKey> Keys, DateTimeOffset FetchedAt);
