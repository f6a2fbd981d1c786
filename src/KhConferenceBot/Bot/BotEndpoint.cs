using System.Buffers;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;
using KhConferenceBot.Teams.Auth;
using KhConferenceBot.Teams.Connector;
using KhConferenceBot.Teams.Invoke;
using KhConferenceBot.Teams.Schema;

namespace KhConferenceBot.Bot;

/// <summary>
/// POST /api/messages: the door every Teams activity comes through. Untrusted bytes in; a 4xx for protocol errors,
/// never a 500.
/// </summary>
public static partial class BotEndpoint
{
    /// <summary>Teams messages are capped near 100 KB; a generous limit still stops a body from eating memory.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    /// <summary>
    /// Teams conversation ids are well under 200 characters; the id becomes a table key (at most 1 KiB), so a longer one
    /// is refused before it can fail the write.
    /// </summary>
    public const int MaxConversationIdLength = 512;

    public static IEndpointRouteBuilder MapBotEndpoint(this IEndpointRouteBuilder endpoints)
    {
        // Only POST is mapped, so routing answers 405 for every other verb on this path.
        endpoints.MapPost("/api/messages", HandleAsync).DisableAntiforgery().WithName("BotMessages").ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        IBotRequestAuthenticator authenticator,
        TrustedServiceUrls trustedServiceUrls,
        IConversationReferenceStore references,
        ActivityRouter router,
        BotMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("KhConferenceBot.Bot.BotEndpoint");
        var cancellationToken = http.RequestAborted;
        var authorization = http.Request.Headers.Authorization.ToString();

        if (!authenticator.IsDisabled && string.IsNullOrWhiteSpace(authorization))
        {
            metrics.Activity(null, "unauthorized");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing bearer token");
        }

        var body = await ReadBodyAsync(http.Request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            metrics.Activity(null, "too_large");
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Activity too large");
        }

        var activity = TeamsJson.TryParseActivity(body, out var parseError);
        if (activity is null)
        {
            LogBadActivity(logger, parseError ?? "");
            metrics.Activity(null, "bad_request");
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an activity", detail: parseError);
        }

        var auth = await authenticator.AuthenticateAsync(string.IsNullOrWhiteSpace(authorization) ? null : authorization, activity, cancellationToken).ConfigureAwait(false);
        switch (auth.Outcome)
        {
            case BotAuthOutcome.Unauthorized:
                LogAuthFailed(logger, auth.Reason ?? "");
                metrics.Activity(activity.Type, "unauthorized");
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
            case BotAuthOutcome.Forbidden:
                LogAuthFailed(logger, auth.Reason ?? "");
                metrics.Activity(activity.Type, "forbidden");
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl) || string.IsNullOrWhiteSpace(activity.Conversation?.Id)
            || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUri) || serviceUri.Scheme is not ("https" or "http"))
        {
            metrics.Activity(activity.Type, "bad_request");
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Activity has no usable serviceUrl or conversation");
        }

        if (activity.Conversation.Id.Length > MaxConversationIdLength)
        {
            metrics.Activity(activity.Type, "bad_request");
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Conversation id too long",
                detail: $"A conversation id has at most {MaxConversationIdLength} characters.");
        }

        if (auth.Outcome == BotAuthOutcome.Authenticated)
        {
            // The token's serviceurl claim matched this URL, so our own token may go there.
            trustedServiceUrls.Trust(activity.ServiceUrl);
        }

        using var span = BotTracing.StartTurn(activity);
        var started = time.GetTimestamp();
        try
        {
            // The reference serves proactive messages later, not this turn: it is written while the turn runs.
            var remembering = RememberAsync(references, activity, logger, cancellationToken);
            InvokeResponse? invokeResponse;
            try
            {
                invokeResponse = await router.RouteAsync(activity, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await remembering.ConfigureAwait(false);
            }

            metrics.Activity(activity.Type, "handled");
            metrics.TurnDuration(activity.Type, time.GetElapsedTime(started));
            return invokeResponse is null
                ? Results.Ok()
                : Results.Json(invokeResponse.Body, TeamsJson.Options, statusCode: invokeResponse.Status);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Results.StatusCode(499);
        }
        catch (ConferenceNotConfiguredException)
        {
            // The exception handler answers 503 with Retry-After, as on every endpoint: Teams retries later.
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, "conference not configured");
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A feature failed. Teams would only retry and show the user an error; answer with our own words instead.
            LogTurnFailed(logger, ex, activity.Type ?? "");
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            metrics.Activity(activity.Type, "failed");
            if (activity.IsType(ActivityTypes.Invoke))
            {
                var error = AdaptiveCardInvokeResponse.Error(500, "internalError",
                    "Đã có lỗi khi xử lý thao tác này. Xin vui lòng thử lại sau ít phút. / Something went wrong; please try again shortly.");
                return Results.Json(error.Body, TeamsJson.Options, statusCode: error.Status);
            }

            return Results.Ok();
        }
    }

    /// <summary>
    /// Remembers where the conversation lives, for proactive messages later. A failed write is logged and the turn goes
    /// on: the user gets an answer, and the next activity from the conversation writes the reference again.
    /// </summary>
    private static async Task RememberAsync(IConversationReferenceStore references, Activity activity, ILogger logger, CancellationToken cancellationToken)
    {
        if (ConversationReference.FromActivity(activity) is not { } reference)
        {
            return;
        }

        try
        {
            await references.RememberAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException || StorageOutage.IsOutage(ex))
        {
            LogReferenceNotStored(logger, activity.Type ?? "", ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>Reads the body up to <see cref="MaxBodyBytes"/>; null when it is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            using var memory = new MemoryStream();
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (memory.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                memory.Write(buffer, 0, read);
            }

            return memory.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a body that is not an activity: {Reason}")]
    private static partial void LogBadActivity(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound authentication failed: {Reason}")]
    private static partial void LogAuthFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The conversation reference of a {ActivityType} activity was not stored ({Error}: {Reason}); the turn goes on")]
    private static partial void LogReferenceNotStored(ILogger logger, string activityType, string error, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling a {ActivityType} activity failed")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string activityType);
}
