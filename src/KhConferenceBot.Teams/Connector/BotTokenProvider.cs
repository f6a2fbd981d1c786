using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Teams.Connector;

/// <summary>
/// Client-credentials token for api.botframework.com, cached until shortly before it expires. Concurrent callers that
/// find the cache stale share one request, so a burst of sends after expiry does not hammer the token endpoint.
/// </summary>
public sealed partial class BotTokenProvider : IBotTokenProvider
{
    /// <summary>Refresh this long before expiry so a token never expires between being handed out and being checked.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private const string MultiTenantAuthority = "botframework.com";

    private readonly HttpClient _httpClient;
    private readonly ConnectorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotTokenProvider> _logger;
    private readonly Lock _gate = new();

    private CachedToken? _cached;
    private Task<CachedToken>? _refresh;

    public BotTokenProvider(HttpClient httpClient, IOptions<ConnectorOptions> options, TimeProvider timeProvider, ILogger<BotTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _options = options.Value;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public bool IsLocalMode => string.IsNullOrWhiteSpace(_options.MicrosoftAppId);

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (IsLocalMode)
        {
            return ValueTask.FromResult<string?>(null);
        }

        Task<CachedToken> refresh;
        lock (_gate)
        {
            var cached = _cached;
            if (cached is not null && _timeProvider.GetUtcNow() < cached.RefreshAt)
            {
                return ValueTask.FromResult<string?>(cached.AccessToken);
            }

            // One caller's cancellation must not fail everyone waiting on the shared request, so it runs on no caller's token.
            _refresh ??= RefreshAsync();
            refresh = _refresh;
        }

        return AwaitRefreshAsync(refresh, cancellationToken);
    }

    private static async ValueTask<string?> AwaitRefreshAsync(Task<CachedToken> refresh, CancellationToken cancellationToken)
    {
        var token = await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        return token.AccessToken;
    }

    private async Task<CachedToken> RefreshAsync()
    {
        // Yield first so the caller leaves the lock before the request starts; the task is published under it.
        await Task.Yield();
        try
        {
            var token = await RequestTokenAsync().ConfigureAwait(false);
            lock (_gate)
            {
                _cached = token;
                _refresh = null;
            }

            return token;
        }
        catch
        {
            lock (_gate)
            {
                _refresh = null;
            }

            throw;
        }
    }

    private async Task<CachedToken> RequestTokenAsync()
    {
        var tenant = string.IsNullOrWhiteSpace(_options.TenantId) ? MultiTenantAuthority : _options.TenantId.Trim();
        var endpoint = _options.TokenEndpoint.Replace("{tenant}", Uri.EscapeDataString(tenant), StringComparison.OrdinalIgnoreCase);

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", _options.MicrosoftAppId!),
                new("client_secret", _options.MicrosoftAppPassword ?? string.Empty),
                new("scope", _options.Scope),
            ]),
        };

        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            LogTokenFailed(_logger, null, "timeout");
            throw new ConnectorException(TeamsErrorKind.Timeout, null, null, "The token endpoint did not answer in time.", ex);
        }
        catch (HttpRequestException ex)
        {
            LogTokenFailed(_logger, (int?)ex.StatusCode, "network");
            throw new ConnectorException(TeamsErrorKind.ServiceError, ex.StatusCode, null, "The token endpoint could not be reached.", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var error = TryRead(body)?.Error;
                LogTokenFailed(_logger, (int)response.StatusCode, error ?? "unknown");

                // 4xx from the identity platform means the app id, secret or tenant is wrong: retrying cannot help.
                var kind = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests
                    ? TeamsErrorKind.ServiceError
                    : TeamsErrorKind.BotNotRegistered;
                throw new ConnectorException(kind, response.StatusCode, error, $"The token endpoint refused the bot's credentials ({(int)response.StatusCode} {error}).");
            }

            var parsed = TryRead(body);
            if (parsed?.AccessToken is not { Length: > 0 } accessToken)
            {
                throw new ConnectorException(TeamsErrorKind.ServiceError, response.StatusCode, null, "The token endpoint answered without an access token.");
            }

            var lifetime = TimeSpan.FromSeconds(Math.Max(parsed.ExpiresIn ?? 3600, 0));
            var now = _timeProvider.GetUtcNow();

            // Short-lived tokens (under ten minutes) would never be cached with the fixed margin; keep them half their life.
            var refreshIn = lifetime > RefreshMargin * 2 ? lifetime - RefreshMargin : lifetime / 2;
            LogTokenAcquired(_logger, (int)lifetime.TotalSeconds);
            return new CachedToken(accessToken, now + refreshIn);
        }
    }

    private static TokenResponse? TryRead(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<TokenResponse>(body, TeamsJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Bot token acquired, valid for {LifetimeSeconds} s")]
    private static partial void LogTokenAcquired(ILogger logger, int lifetimeSeconds);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Bot token request failed: status {StatusCode}, error {Error}")]
    private static partial void LogTokenFailed(ILogger logger, int? statusCode, string error);

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);

    private sealed class TokenResponse
    {
        [JsonPropertyName("access_token")]
        public string? AccessToken { get; set; }

        [JsonPropertyName("expires_in")]
        public long? ExpiresIn { get; set; }

        [JsonPropertyName("error")]
        public string? Error { get; set; }
    }
}
