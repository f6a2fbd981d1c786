using System.Net;
using Azure;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MsalServiceException = Microsoft.Identity.Client.MsalServiceException;

namespace KhConferenceBot.Teams.Connector;

/// <summary>
/// The Connector token from the bot's <see cref="BotCredential"/>, which caches it and renews it before it expires.
/// Concurrent callers share one request, so a burst of sends on a cold cache does not hammer Entra ID; failures become
/// <see cref="ConnectorException"/>s the Connector's pipeline knows how to retry (or not).
/// </summary>
public sealed partial class BotTokenProvider : IBotTokenProvider
{
    private readonly TokenCredential? _credential;
    private readonly TokenRequestContext _request;
    private readonly ConnectorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotTokenProvider> _logger;
    private readonly Lock _gate = new();

    private Task<string>? _inFlight;

    public BotTokenProvider(BotCredential credential, IOptions<ConnectorOptions> options, TimeProvider timeProvider, ILogger<BotTokenProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(options);
        _credential = credential.Credential;
        _options = options.Value;
        _request = new TokenRequestContext([_options.Scope]);
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public bool IsLocalMode => _credential is null;

    public ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (_credential is null)
        {
            return ValueTask.FromResult<string?>(null);
        }

        Task<string> request;
        lock (_gate)
        {
            // One caller's cancellation must not fail everyone waiting on the shared request, so it runs on no caller's token.
            _inFlight ??= RequestAsync(_credential);
            request = _inFlight;
        }

        return AwaitAsync(request, cancellationToken);
    }

    private static async ValueTask<string?> AwaitAsync(Task<string> request, CancellationToken cancellationToken) =>
        await request.WaitAsync(cancellationToken).ConfigureAwait(false);

    private async Task<string> RequestAsync(TokenCredential credential)
    {
        // Yield first so the caller leaves the lock before the request starts; the task is published under it.
        await Task.Yield();
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _timeProvider);
        try
        {
            var token = await credential.GetTokenAsync(_request, timeout.Token).ConfigureAwait(false);
            LogTokenAcquired(_logger, token.ExpiresOn);
            return token.Token;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested)
        {
            LogTokenFailed(_logger, null, "timeout");
            throw new ConnectorException(TeamsErrorKind.Timeout, null, null, "Entra ID did not issue the bot's token in time.", ex);
        }
        catch (Exception ex) when (ex is AuthenticationFailedException or CredentialUnavailableException or RequestFailedException)
        {
            throw Classify(ex);
        }
        finally
        {
            lock (_gate)
            {
                _inFlight = null;
            }
        }
    }

    private ConnectorException Classify(Exception ex)
    {
        if (ex is CredentialUnavailableException)
        {
            // No managed identity or no certificate where the configuration says there is one.
            LogTokenFailed(_logger, null, "credential unavailable");
            return new ConnectorException(TeamsErrorKind.BotNotRegistered, null, null, "The bot's credential is not available here: " + ex.Message, ex);
        }

        var refused = FindInner<MsalServiceException>(ex);
        var status = refused?.StatusCode is > 0 and var code ? (HttpStatusCode?)code : null;
        LogTokenFailed(_logger, (int?)status, refused?.ErrorCode ?? ex.GetType().Name);

        // A 4xx from the identity platform means the app id, secret, certificate or tenant is wrong: retrying cannot help.
        var permanent = status is { } s && (int)s is >= 400 and < 500 and not 429 and not 408;
        return permanent
            ? new ConnectorException(TeamsErrorKind.BotNotRegistered, status, refused?.ErrorCode, $"Entra ID refused the bot's credentials ({(int)status!} {refused?.ErrorCode}).", ex)
            : new ConnectorException(TeamsErrorKind.ServiceError, status, refused?.ErrorCode, "Entra ID could not issue the bot's token now.", ex);
    }

    private static T? FindInner<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Bot token acquired, valid until {ExpiresOn}")]
    private static partial void LogTokenAcquired(ILogger logger, DateTimeOffset expiresOn);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Bot token request failed: status {StatusCode}, error {Error}")]
    private static partial void LogTokenFailed(ILogger logger, int? statusCode, string error);
}
