using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace KhConferenceBot.Hosting;

/// <summary>
/// The one place that turns an exception into an HTTP answer the same way on every endpoint: a bad or too slow request
/// body is the client's 400/408, storage unavailability and an unloaded conference are 503 with Retry-After, each with a
/// Vietnamese ProblemDetails and one log line (no stack trace: these are conditions, not bugs).
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var path = httpContext.Request.Path.Value ?? "";
        switch (exception)
        {
            case BadHttpRequestException bad:
                LogBadRequest(logger, bad.StatusCode, httpContext.Request.Method, path, bad.Message);
                return await ApiProblems.WriteAsync(httpContext, bad.StatusCode,
                    bad.StatusCode == StatusCodes.Status408RequestTimeout
                        ? "Nội dung yêu cầu gửi đến quá chậm, máy chủ đã ngừng chờ."
                        : "Nội dung yêu cầu không đọc được.",
                    bad.Message).ConfigureAwait(false);

            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The caller left; nobody reads an answer.
                httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
                return true;

            case ConferenceNotFoundException notFound:
                return await ApiProblems.WriteAsync(httpContext, StatusCodes.Status404NotFound,
                    "Không có hội nghị này.", notFound.Message).ConfigureAwait(false);

            case ConferenceNotConfiguredException:
                LogUnavailable(logger, httpContext.Request.Method, path, "conference not configured", exception.Message);
                httpContext.Response.Headers.RetryAfter = StorageOutage.RetryAfterSeconds;
                return await ApiProblems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable,
                    "Hội nghị chưa được nạp vào hệ thống, vui lòng thử lại sau.",
                    "The conference is not loaded yet; try again later.").ConfigureAwait(false);

            case var outage when StorageOutage.IsOutage(outage) || outage is OperationCanceledException:
                LogUnavailable(logger, httpContext.Request.Method, path, outage.GetType().Name, outage.Message);
                httpContext.Response.Headers.RetryAfter = StorageOutage.RetryAfterSeconds;
                return await ApiProblems.WriteAsync(httpContext, StatusCodes.Status503ServiceUnavailable,
                    "Kho dữ liệu tạm thời không truy cập được, vui lòng thử lại sau.",
                    "Storage is unavailable; try again later.").ConfigureAwait(false);

            default:
                return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: refused a request body with {Status} ({Reason})")]
    private static partial void LogBadRequest(ILogger logger, int status, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: answered 503, {Cause}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string cause, string reason);
}

public static class ApiExceptionHandling
{
    public static IServiceCollection AddApiExceptionHandling(this IServiceCollection services)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        return services;
    }
}
