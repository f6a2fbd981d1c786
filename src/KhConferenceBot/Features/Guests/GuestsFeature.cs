using System.Globalization;
using System.Threading.RateLimiting;
using KhConferenceBot.Features.Invitations;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Guests;

/// <summary>
/// Delegates outside Teams: their e-mails (invitation, reminder, change notice, confirmation) and the answer page
/// behind their personal link, rate-limited per link and per address. Builds on Invitations (the answer rules, and it
/// implements Invitations' <see cref="IEmailInvitations"/>).
/// </summary>
public static class GuestsFeature
{
    public static IServiceCollection AddGuestsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<GuestsOptions>()
            .Bind(configuration.GetSection(GuestsOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.LinkValidAfterConference > TimeSpan.Zero, "Guests:LinkValidAfterConference must be positive.")
            .ValidateOnStart();
        services.AddSingleton<AnswerLinks>();
        services.AddSingleton<GuestMails>();
        services.AddSingleton<IEmailInvitations>(sp => sp.GetRequiredService<GuestMails>());
        services.AddSingleton<GuestAnswers>();
        services.AddAntiforgery();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<GuestsOptions>>((limiter, guests) => ConfigureLimits(limiter, guests.Value));
        return services;
    }

    public static IEndpointRouteBuilder MapGuestsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var page = endpoints.MapGroup("/" + AnswerLinks.RoutePrefix.TrimEnd('/')).ExcludeFromDescription();
        page.MapGet("/{token}", AnswerPage.ShowAsync);
        page.MapPost("/{token}", AnswerPage.SubmitAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>
    /// Two fixed windows, both must allow a request: one per link (someone hammering one delegate's page) and one per
    /// address (someone trying links). Only the answer page is limited; every other path gets no limiter.
    /// </summary>
    private static void ConfigureLimits(RateLimiterOptions limiter, GuestsOptions guests)
    {
        static string? TokenOf(HttpContext http) =>
            http.Request.Path.StartsWithSegments("/" + AnswerLinks.RoutePrefix.TrimEnd('/'), StringComparison.Ordinal, out var rest) && rest.HasValue
                ? rest.Value!.TrimStart('/')
                : null;

        FixedWindowRateLimiterOptions Window(int permits) => new() { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(http => TokenOf(http) is { } token
                ? RateLimitPartition.GetFixedWindowLimiter("link:" + token, _ => Window(guests.RequestsPerLinkPerMinute))
                : RateLimitPartition.GetNoLimiter("")),
            PartitionedRateLimiter.Create<HttpContext, string>(http => TokenOf(http) is not null
                ? RateLimitPartition.GetFixedWindowLimiter("address:" + http.Connection.RemoteIpAddress, _ => Window(guests.RequestsPerAddressPerMinute))
                : RateLimitPartition.GetNoLimiter("")));
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
            await context.HttpContext.Response.WriteAsync(AnswerPageHtml.Message(
                "Quá nhiều yêu cầu",
                "Trang giấy mời nhận quá nhiều yêu cầu trong thời gian ngắn. Vui lòng đợi một phút rồi thử lại.",
                "Too many requests",
                "The invitation page received too many requests in a short time. Please wait a minute and try again."), cancellationToken).ConfigureAwait(false);
        };
    }
}
