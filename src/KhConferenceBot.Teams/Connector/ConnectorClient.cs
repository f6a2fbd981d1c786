using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KhConferenceBot.Teams.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace KhConferenceBot.Teams.Connector;

/// <summary>
/// The Bot Connector v3 routes over HttpClient. Each attempt first waits for the send budget (so a retry is counted
/// like any other call), then goes out with a per-attempt timeout; transient failures are retried by a Polly pipeline
/// that runs on the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// A POST creates something (a message, a chat) and Teams has no idempotency key: it is retried only when it certainly
/// did not arrive (no connection could be made, or Teams answered with a retryable status). A POST that gets no answer
/// is waited for up to <see cref="ConnectorOptions.PostAnswerTimeout"/>, never cancelled and sent again after
/// <see cref="ConnectorOptions.RequestTimeout"/>; if even that passes, it fails with
/// <see cref="ConnectorException.OutcomeUnknown"/> set and the caller decides.
/// </remarks>
public sealed partial class ConnectorClient : IConnectorClient
{
    private static readonly ResiliencePropertyKey<CallState> CallStateKey = new("KhConferenceBot.Connector.Call");
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _httpClient;
    private readonly IBotTokenProvider _tokenProvider;
    private readonly ISendBudget _budget;
    private readonly TrustedServiceUrls _trustedServiceUrls;
    private readonly ConnectorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ConnectorMetrics _metrics;
    private readonly ILogger<ConnectorClient> _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ResiliencePipeline _attemptTimeout;
    private readonly ResiliencePipeline _postTimeout;

    public ConnectorClient(
        HttpClient httpClient,
        IBotTokenProvider tokenProvider,
        ISendBudget budget,
        TrustedServiceUrls trustedServiceUrls,
        IOptions<ConnectorOptions> options,
        TimeProvider timeProvider,
        ConnectorMetrics metrics,
        ILogger<ConnectorClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _tokenProvider = tokenProvider ?? throw new ArgumentNullException(nameof(tokenProvider));
        _budget = budget ?? throw new ArgumentNullException(nameof(budget));
        _trustedServiceUrls = trustedServiceUrls ?? throw new ArgumentNullException(nameof(trustedServiceUrls));
        _options = options.Value;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _pipeline = BuildRetryPipeline();
        _attemptTimeout = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }.AddTimeout(_options.RequestTimeout).Build();
        _postTimeout = new ResiliencePipelineBuilder { TimeProvider = _timeProvider }.AddTimeout(_options.PostAnswerTimeout).Build();
    }

    private bool IsLocalMode => string.IsNullOrWhiteSpace(_options.MicrosoftAppId);

    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);

        // The thread does not exist yet; the 1:1 with the first member is the thread Teams will count the create against.
        var budgetKey = "create:" + (parameters.Members is { Count: > 0 } members ? members[0].Id : null);
        var tenantId = parameters.TenantId ?? parameters.ChannelData?.Tenant?.Id;
        var body = await SendAsync("CreateConversation", BudgetOperation.CreateConversation, serviceUrl, HttpMethod.Post, "v3/conversations", parameters, budgetKey, tenantId, cancellationToken).ConfigureAwait(false);
        return Read<ConversationResourceResponse>(body, "CreateConversation");
    }

    public async Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentNullException.ThrowIfNull(activity);
        var path = $"v3/conversations/{Escape(conversationId)}/activities";
        var body = await SendAsync("SendToConversation", BudgetOperation.Send, serviceUrl, HttpMethod.Post, path, activity, conversationId, activity.TenantId, cancellationToken).ConfigureAwait(false);
        return Read<ResourceResponse>(body, "SendToConversation");
    }

    /// <remarks>Sets <see cref="Activity.ReplyToId"/> to <paramref name="activityId"/> when the caller left it empty.</remarks>
    public async Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        activity.ReplyToId ??= activityId;
        var path = $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}";
        var body = await SendAsync("ReplyToActivity", BudgetOperation.Send, serviceUrl, HttpMethod.Post, path, activity, conversationId, activity.TenantId, cancellationToken).ConfigureAwait(false);
        return Read<ResourceResponse>(body, "ReplyToActivity");
    }

    public async Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        ArgumentNullException.ThrowIfNull(activity);
        var path = $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}";
        var body = await SendAsync("UpdateActivity", BudgetOperation.Update, serviceUrl, HttpMethod.Put, path, activity, conversationId, activity.TenantId, cancellationToken).ConfigureAwait(false);
        return Read<ResourceResponse>(body, "UpdateActivity");
    }

    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(activityId);
        var path = $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}";
        await SendAsync("DeleteActivity", BudgetOperation.Delete, serviceUrl, HttpMethod.Delete, path, null, conversationId, null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<TeamsChannelAccount>> GetConversationMembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var path = $"v3/conversations/{Escape(conversationId)}/members";
        var body = await SendAsync("GetConversationMembers", BudgetOperation.GetMembers, serviceUrl, HttpMethod.Get, path, null, conversationId, null, cancellationToken).ConfigureAwait(false);
        return Read<List<TeamsChannelAccount>>(body, "GetConversationMembers");
    }

    public async Task<PagedMembersResult> GetPagedMembersAsync(string serviceUrl, string conversationId, int? pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        var query = new List<string>(2);
        if (pageSize is { } size)
        {
            query.Add("pageSize=" + size.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Add("continuationToken=" + Uri.EscapeDataString(continuationToken));
        }

        var path = $"v3/conversations/{Escape(conversationId)}/pagedmembers" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
        var body = await SendAsync("GetPagedMembers", BudgetOperation.GetMembers, serviceUrl, HttpMethod.Get, path, null, conversationId, null, cancellationToken).ConfigureAwait(false);
        return Read<PagedMembersResult>(body, "GetPagedMembers");
    }

    public async Task<TeamsChannelAccount> GetMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var path = $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}";
        var body = await SendAsync("GetMember", BudgetOperation.GetMembers, serviceUrl, HttpMethod.Get, path, null, conversationId, null, cancellationToken).ConfigureAwait(false);
        return Read<TeamsChannelAccount>(body, "GetMember");
    }

    /// <summary>The request URL: <paramref name="relativePath"/> under the service URL, whether or not that ends with '/'.</summary>
    internal static Uri BuildRequestUri(string serviceUrl, string relativePath)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri) || (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The service URL must be an absolute http(s) URL.", nameof(serviceUrl));
        }

        var root = baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + "/" + relativePath, UriKind.Absolute);
    }

    // Conversation ids carry ':', '@' and ';' (channel threads: "19:x@thread.tacv2;messageid=1"): one path segment each.
    // Escaping leaves '.' alone and Uri removes the dot segments "." and ".." (RFC 3986 5.2.4), so conversation ".."
    // would post to /v3/activities. No Connector id is one, and a percent-encoded dot may be decoded back by any hop
    // on the way, so they are refused before budget, token or socket.
    private static string Escape(string segment) => segment is "." or ".."
        ? throw new ConnectorException(TeamsErrorKind.BadRequest, null, null, $"\"{segment}\" is not a Connector id: a dot segment would change the route.")
        : Uri.EscapeDataString(segment);

    private static T Read<T>(byte[] body, string operation)
        where T : class, new()
    {
        if (body.Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, TeamsJson.Options) ?? new T();
        }
        catch (JsonException ex)
        {
            throw new ConnectorException(TeamsErrorKind.Unknown, null, null, $"Connector {operation} answered with a body that is not the expected JSON.", ex);
        }
    }

    private async Task<byte[]> SendAsync(
        string operation,
        BudgetOperation budgetOperation,
        string serviceUrl,
        HttpMethod method,
        string relativePath,
        object? payload,
        string budgetKey,
        string? tenantId,
        CancellationToken cancellationToken)
    {
        var requestUri = BuildRequestUri(serviceUrl, relativePath);
        using var span = ConnectorTelemetry.StartCall(operation, method, requestUri);

        // Refused before budget, token or socket: a token must never be shown to a host that did not prove to be Teams.
        if (!_trustedServiceUrls.MaySendTo(requestUri))
        {
            LogUntrusted(_logger, operation, requestUri.Host);
            Count(operation, nameof(TeamsErrorKind.UntrustedServiceUrl), null);
            throw new ConnectorException(TeamsErrorKind.UntrustedServiceUrl, null, null, $"Connector {operation} refused: the service URL host {requestUri.Host} is not trusted.");
        }

        // Serialised once so every retry sends the same bytes.
        var content = payload is null ? null : JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), TeamsJson.Options);
        var state = new CallState(this, operation, budgetOperation, method, requestUri, content, budgetKey, tenantId ?? _options.TenantId);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallStateKey, state);
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(static (ctx, s) => s.Client.AttemptAsync(s, ctx.CancellationToken), context, state).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            LogFailed(_logger, operation, null, null, TeamsErrorKind.Timeout, null);
            Count(operation, nameof(TeamsErrorKind.Timeout), null);
            throw new ConnectorException(TeamsErrorKind.Timeout, null, null, $"Connector {operation} timed out after {state.Attempts} attempt(s).", ex)
            {
                OutcomeUnknown = state.CreatesSomething,
            };
        }
        catch (HttpRequestException ex)
        {
            LogFailed(_logger, operation, (int?)ex.StatusCode, null, TeamsErrorKind.ServiceError, null);
            Count(operation, nameof(TeamsErrorKind.ServiceError), null);
            throw new ConnectorException(TeamsErrorKind.ServiceError, ex.StatusCode, null, $"Connector {operation} could not reach the service after {state.Attempts} attempt(s).", ex)
            {
                OutcomeUnknown = state.CreatesSomething && !NeverArrived(ex),
            };
        }
        catch (ConnectorException ex)
        {
            Count(operation, ex.Kind.ToString(), (int?)ex.StatusCode);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Count(operation, "success", (int)response.StatusCode);
                return body;
            }

            var error = ConnectorErrors.FromResponse(operation, response.StatusCode, body, RetryAfterOf(response), CorrelationIdOf(response));
            LogFailed(_logger, operation, (int)response.StatusCode, error.Code, error.Kind, error.CorrelationId);
            Count(operation, error.Kind.ToString(), (int)response.StatusCode);
            throw error;
        }
    }

    private async ValueTask<HttpResponseMessage> AttemptAsync(CallState state, CancellationToken cancellationToken)
    {
        state.Attempts++;
        ConnectorTelemetry.Attempted(state.Operation, state.Attempts);
        var started = _timeProvider.GetTimestamp();
        await _budget.AcquireAsync(state.BudgetOperation, state.BudgetKey, state.TenantId, cancellationToken).ConfigureAwait(false);
        _metrics.BudgetWait.Record(_timeProvider.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("operation", state.Operation));

        var token = IsLocalMode ? null : await _tokenProvider.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(state.Method, state.RequestUri);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (state.Content is not null)
        {
            request.Content = new ByteArrayContent(state.Content);
            request.Content.Headers.ContentType = JsonContentType;
        }

        return await (state.CreatesSomething ? _postTimeout : _attemptTimeout).ExecuteAsync(
            static (s, ct) => new ValueTask<HttpResponseMessage>(s.HttpClient.SendAsync(s.Request, ct)),
            (HttpClient: _httpClient, Request: request),
            cancellationToken).ConfigureAwait(false);
    }

    private static string? CorrelationIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ConnectorErrors.CorrelationHeader, out var values) ? values.FirstOrDefault() : null;

    private void Count(string operation, string result, int? status)
    {
        _metrics.Requests.Add(
            1,
            new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("result", result),
            new KeyValuePair<string, object?>("http.response.status_code", status));
        ConnectorTelemetry.Completed(operation, result, status);
    }

    [LoggerMessage(EventId = 2111, Level = LogLevel.Warning, Message = "Connector {Operation} refused: service URL host {Host} is not trusted")]
    private static partial void LogUntrusted(ILogger logger, string operation, string host);

    [LoggerMessage(EventId = 2113, Level = LogLevel.Warning, Message = "Connector {Operation} failed: status {StatusCode}, code {Code}, kind {Kind}, correlation {CorrelationId}")]
    private static partial void LogFailed(ILogger logger, string operation, int? statusCode, string? code, TeamsErrorKind kind, string? correlationId);

    private sealed class CallState(
        ConnectorClient client,
        string operation,
        BudgetOperation budgetOperation,
        HttpMethod method,
        Uri requestUri,
        byte[]? content,
        string budgetKey,
        string? tenantId)
    {
        public ConnectorClient Client { get; } = client;

        public string Operation { get; } = operation;

        public BudgetOperation BudgetOperation { get; } = budgetOperation;

        public HttpMethod Method { get; } = method;

        public Uri RequestUri { get; } = requestUri;

        public byte[]? Content { get; } = content;

        public string BudgetKey { get; } = budgetKey;

        public string? TenantId { get; } = tenantId;

        public int Attempts { get; set; }

        /// <summary>A POST: repeating it after it may have arrived sends a second message or opens a second chat.</summary>
        public bool CreatesSomething => Method == HttpMethod.Post;
    }
}
