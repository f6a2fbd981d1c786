using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using KhConferenceBot.Outbox;
using KhConferenceBot.Teams.Auth;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Graph;

/// <summary>
/// POST /users/{mailbox}/sendMail, one message per call. Retries belong to the outbox (so a throttled mail frees its
/// send slot), so this client does none: it maps Graph's answer to sent, try again (429/5xx/no answer, with Retry-After)
/// or refused (bad address, no permission), and keeps inside the mailbox's limits itself (messages per minute,
/// concurrent requests), answering "busy" rather than sending into a certain 429.
/// </summary>
/// <remarks>
/// sendMail has no idempotency key: a call that was never answered is sent again, so such a message may arrive twice
/// (at most once per unanswered attempt, bounded by Outbox:MaxAttempts). Local mode sends no token and only to a loopback
/// Graph (the mail sink of scripts/run).
/// </remarks>
public sealed partial class GraphMailSender : IMailSender
{
    public const string HttpClientName = "GraphMail";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly IHttpClientFactory _http;
    private readonly GraphTokenSource _tokens;
    private readonly MailOptions _options;
    private readonly Uri _endpoint;
    private readonly bool _anonymous;
    private readonly TimeProvider _time;
    private readonly ILogger<GraphMailSender> _logger;
    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _recent = new();
    private int _inFlight;

    public GraphMailSender(
        IHttpClientFactory http,
        GraphTokenSource tokens,
        IOptions<MailOptions> options,
        IOptions<GraphOptions> graph,
        IOptions<BotAuthenticationOptions> bot,
        TimeProvider time,
        ILogger<GraphMailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(bot);
        _http = http;
        _tokens = tokens;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _anonymous = bot.Value.IsLocalMode;
        _endpoint = new Uri(graph.Value.BaseUrl.ToString().TrimEnd('/') + "/users/" + Uri.EscapeDataString(_options.Mailbox ?? "") + "/sendMail");

        // Without the bot's identity there is no token, and a message must never leave the machine unauthenticated.
        IsConfigured = !string.IsNullOrWhiteSpace(_options.Mailbox) && (!_anonymous || _endpoint.IsLoopback);
    }

    public bool IsConfigured { get; }

    public async Task<MailSendResult> SendAsync(OutboxMail mail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!TryReserve(out var wait))
        {
            return MailSendResult.BusyFor(wait);
        }

        try
        {
            using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = JsonContent(mail) };
            if (!_anonymous)
            {
                var token = await _tokens.GetAuthorizationTokenAsync(_endpoint, cancellationToken: linked.Token).ConfigureAwait(false);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await _http.CreateClient(HttpClientName).SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return MailSendResult.Sent;
            }

            var (code, message) = await ReadErrorAsync(response, linked.Token).ConfigureAwait(false);
            LogRefused(_logger, (int)response.StatusCode, code);
            return Classify(response, code, message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new MailSendResult(MailSendStatus.Transient, OutboxFailureReasons.MailServiceError, "Máy chủ thư không trả lời kịp; sẽ thử lại.");
        }
        catch (HttpRequestException ex)
        {
            LogUnreachable(_logger, ex.StatusCode is { } s ? (int)s : 0, ex);
            return new MailSendResult(MailSendStatus.Transient, OutboxFailureReasons.MailServiceError, "Không kết nối được máy chủ thư; sẽ thử lại.");
        }
        finally
        {
            lock (_gate)
            {
                _inFlight--;
            }
        }
    }

    /// <summary>One more message now, if the mailbox's minute and its concurrent requests allow it.</summary>
    private bool TryReserve(out TimeSpan wait)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            while (_recent.Count > 0 && _recent.Peek() <= now - Window)
            {
                _recent.Dequeue();
            }

            if (_recent.Count >= _options.MessagesPerMinute)
            {
                wait = _recent.Peek() + Window - now;
                return false;
            }

            if (_inFlight >= _options.MaxConcurrentRequests)
            {
                wait = TimeSpan.FromSeconds(1);
                return false;
            }

            _recent.Enqueue(now);
            _inFlight++;
            wait = TimeSpan.Zero;
            return true;
        }
    }

    private MailSendResult Classify(HttpResponseMessage response, string? code, string? message)
    {
        var retryAfter = RetryAfterOf(response);
        var detail = string.IsNullOrWhiteSpace(message) ? "" : $" (Graph: {Cut(message)})";
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                return new MailSendResult(MailSendStatus.Transient, OutboxFailureReasons.MailThrottled, OutboxFailureReasons.For(OutboxFailureReasons.MailThrottled), retryAfter);
            case >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout:
                return new MailSendResult(MailSendStatus.Transient, OutboxFailureReasons.MailServiceError, OutboxFailureReasons.For(OutboxFailureReasons.MailServiceError), retryAfter);
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                return new MailSendResult(MailSendStatus.Refused, OutboxFailureReasons.MailboxForbidden, OutboxFailureReasons.For(OutboxFailureReasons.MailboxForbidden) + detail);
            case HttpStatusCode.BadRequest when code is "ErrorInvalidRecipients" or "ErrorInvalidRecipientsAddress" or "ErrorInvalidSmtpAddress" or "ErrorMessageSubmissionBlocked" || (message?.Contains("recipient", StringComparison.OrdinalIgnoreCase) ?? false):
                return new MailSendResult(MailSendStatus.Refused, OutboxFailureReasons.MailRecipientRejected, OutboxFailureReasons.For(OutboxFailureReasons.MailRecipientRejected) + detail);
            default:
                return new MailSendResult(MailSendStatus.Refused, OutboxFailureReasons.MailRefused, OutboxFailureReasons.For(OutboxFailureReasons.MailRefused) + detail);
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - _time.GetUtcNow() : null);
        return wait is { } w ? (w < TimeSpan.Zero ? TimeSpan.Zero : w) : null;
    }

    private static async Task<(string? Code, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var error = JsonNode.Parse(body.Length > 16 * 1024 ? body[..(16 * 1024)] : body)?["error"];
            return (error?["code"]?.GetValue<string>(), error?["message"]?.GetValue<string>());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return (null, null);
        }
    }

    private static string Cut(string text) => text.Length <= 200 ? text : text[..200] + "…";

    internal static JsonObject Payload(OutboxMail mail)
    {
        var attachments = new JsonArray();
        foreach (var file in mail.Attachments)
        {
            var attachment = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.fileAttachment",
                ["name"] = file.Name,
                ["contentType"] = file.ContentType,
                ["contentBytes"] = Convert.ToBase64String(file.Content),
            };
            if (file.ContentId is { } contentId)
            {
                attachment["contentId"] = contentId;
                attachment["isInline"] = true;
            }

            attachments.Add(attachment);
        }

        var to = new JsonObject { ["address"] = mail.To };
        if (!string.IsNullOrWhiteSpace(mail.ToName))
        {
            to["name"] = mail.ToName;
        }

        return new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["subject"] = mail.Subject,
                ["body"] = new JsonObject { ["contentType"] = "HTML", ["content"] = mail.Html },
                ["toRecipients"] = new JsonArray(new JsonObject { ["emailAddress"] = to }),
                ["attachments"] = attachments,
            },
            ["saveToSentItems"] = true,
        };
    }

    private static StringContent JsonContent(OutboxMail mail) =>
        new(Payload(mail).ToJsonString(), new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph sendMail answered HTTP {Status} ({Code})")]
    private static partial void LogRefused(ILogger logger, int status, string? code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Graph sendMail could not be reached (HTTP {Status})")]
    private static partial void LogUnreachable(ILogger logger, int status, Exception exception);
}
