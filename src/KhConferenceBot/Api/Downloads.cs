using System.Globalization;
using KhConferenceBot.Conferences;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KhConferenceBot.Api;

public sealed record FileDownload(byte[] Content, string ContentType, string FileName);

/// <summary>
/// A file organizers download (attendance list, questions, ...). Each source gets
/// /api/organizer/conferences/{conferenceId}/{purpose}.{format} for the conference's organizers, and its signed links
/// (which carry the conference id) are served by the one /api/organizer/exports/{token} endpoint.
/// </summary>
public interface IDownloadSource
{
    /// <summary>The route's file name and the link's purpose: lower-case letters and hyphens.</summary>
    string Purpose { get; }

    IReadOnlyList<string> Formats { get; }

    string ContentType(string format);

    /// <summary>The OpenAPI summary, Vietnamese / English.</summary>
    string Summary(string format);

    Task<FileDownload> CreateAsync(Conference conference, string format, CancellationToken cancellationToken);
}

public static class Downloads
{
    public static OrganizerRoutes MapDownloads(this OrganizerRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var organizer = routes.Organizer;
        foreach (var source in ((IEndpointRouteBuilder)organizer).ServiceProvider.GetServices<IDownloadSource>())
        {
            foreach (var format in source.Formats)
            {
                organizer.MapGet($"/{source.Purpose}.{format}", (RouteConference route, HttpContext http, CancellationToken cancellationToken) =>
                        DownloadAsync(source, format, route.Conference, http, cancellationToken))
                    .WithName("Export" + Pascal(source.Purpose) + Pascal(format))
                    .WithSummary(source.Summary(format))
                    .Produces(StatusCodes.Status200OK, contentType: source.ContentType(format));
            }
        }

        // The signed link is the permission: the chat hands it to an organizer whose browser has no token to send.
        routes.Api.MapGet("/exports/{token}", DownloadSignedAsync)
            .AllowAnonymous()
            .WithName("DownloadExport")
            .WithSummary("Tải tệp qua liên kết có chữ ký (ngắn hạn) / Download a file through a short-lived signed link")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return routes;
    }

    private static async Task<FileContentHttpResult> DownloadAsync(IDownloadSource source, string format, Conference conference, HttpContext http, CancellationToken cancellationToken)
    {
        var file = await source.CreateAsync(conference, format, cancellationToken).ConfigureAwait(false);

        // Downloads hold personal data and links travel in chat and browser history: no cache may keep them.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> DownloadSignedAsync(
        string token, LinkSigner signer, IEnumerable<IDownloadSource> sources, ConferenceDirectory conferences, HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "no-store";
        var status = signer.Validate(token, out var grant);
        var source = sources.FirstOrDefault(s => s.Purpose == grant?.Purpose);
        var conference = grant is null ? null : await conferences.GetAsync(grant.ConferenceId, cancellationToken).ConfigureAwait(false);
        if (status == SignedLinkStatus.Invalid || grant is null || conference is null || source is null || !source.Formats.Contains(grant.Format))
        {
            return ApiProblems.Of(StatusCodes.Status403Forbidden, "Liên kết không hợp lệ.", "This download link is not valid.");
        }

        if (status == SignedLinkStatus.Expired)
        {
            return ApiProblems.Of(StatusCodes.Status403Forbidden,
                "Liên kết đã hết hạn. Hãy lấy liên kết mới trong trò chuyện với bot (\"xuất\" cho danh sách điểm danh, \"bảng câu hỏi\" cho câu hỏi).",
                "This link has expired. Get a new one in the chat with the bot (\"export\" for attendance, \"question board\" for questions).");
        }

        return await DownloadAsync(source, grant.Format, conference, http, cancellationToken).ConfigureAwait(false);
    }

    private static string Pascal(string value) =>
        string.Concat(value.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpper(p[0], CultureInfo.InvariantCulture) + p[1..]));
}
