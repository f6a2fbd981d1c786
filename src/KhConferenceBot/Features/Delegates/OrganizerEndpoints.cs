using Azure;
using KhConferenceBot.Conferences;
using Microsoft.AspNetCore.Http.Features;

namespace KhConferenceBot.Features.Delegates;

/// <summary>A delegate as the organizer API lists it.</summary>
public sealed record DelegateListItem(
    string Id,
    string Name,
    string? Position,
    string? Organisation,
    string GroupId,
    string? GroupName,
    string Category,
    string? Email,
    string? District,
    string? AadObjectId,
    DateTimeOffset UpdatedAt);

/// <summary>/api/organizer: import and list delegates.</summary>
internal static class OrganizerEndpoints
{
    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"];

    public static IEndpointRouteBuilder MapOrganizerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/organizer").WithTags("Organizer");
        var secured = api.MapGroup("").AddEndpointFilter<OrganizerAuthFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        secured.MapPost("/delegates/import", ImportAsync)
            .WithName("ImportDelegates")
            .WithSummary("Nhập danh sách đại biểu (CSV hoặc XLSX) / Import the delegate list")
            .WithDescription("Multipart form with one file, or the raw file as the body (text/csv or the XLSX type). Headers in Vietnamese or English: Họ và tên/name, Chức vụ/position, Cơ quan/organisation, Nhóm/group, Email, Địa phương/district, aadObjectId. Rows are upserted by email; unchanged rows are skipped; rejected rows come back with their row number and reasons.")
            // No Accepts metadata: routing would answer 415 by content type before the organizer check runs.
            .Produces<DelegateImportReport>()
            .Produces<DelegateImportReport>(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery();

        secured.MapGet("/delegates", ListAsync)
            .WithName("ListDelegates")
            .WithSummary("Danh sách đại biểu / List the delegates")
            .Produces<IReadOnlyList<DelegateListItem>>();

        return endpoints;
    }

    private static async Task<IResult> ImportAsync(HttpContext http, CurrentConference current, DelegateImporter importer, DelegateImportGate gate, CancellationToken cancellationToken)
    {
        using var slot = gate.TryEnter();
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = "30";
            return OrganizerProblems.Problem(StatusCodes.Status503ServiceUnavailable,
                "Đang có danh sách khác được nhập. Vui lòng thử lại sau ít phút.",
                "Another delegate list is being imported; try again in a minute.");
        }

        try
        {
            if (http.Request.ContentLength > DelegateFileReader.MaxBytes + (64 * 1024))
            {
                return TooLarge();
            }

            byte[] content;
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = DelegateFileReader.MaxBytes + (64 * 1024) }, cancellationToken).ConfigureAwait(false);
                var file = form.Files.FirstOrDefault();
                if (file is null)
                {
                    return OrganizerProblems.Problem(StatusCodes.Status400BadRequest, "Không có tệp nào được gửi lên.", "The form holds no file.");
                }

                await using var stream = file.OpenReadStream();
                content = await DelegateFileReader.ReadLimitedAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
                if (mediaType is not null && !CsvTypes.Contains(mediaType) && mediaType is not (DelegateFileReader.XlsxContentType or "application/octet-stream"))
                {
                    return OrganizerProblems.Problem(StatusCodes.Status415UnsupportedMediaType,
                        "Chỉ nhận tệp CSV hoặc Excel (.xlsx).",
                        "Send a CSV (text/csv) or Excel (.xlsx) file, raw or as multipart/form-data.");
                }

                content = await DelegateFileReader.ReadLimitedAsync(http.Request.Body, cancellationToken).ConfigureAwait(false);
            }

            if (content.Length == 0)
            {
                return OrganizerProblems.Problem(StatusCodes.Status400BadRequest, "Tệp rỗng.", "The file is empty.");
            }

            var conference = await current.GetAsync(cancellationToken).ConfigureAwait(false);
            var report = await importer.ImportAsync(conference, content, DelegateFileReader.DetectFormat(content), cancellationToken).ConfigureAwait(false);
            return Results.Json(report, statusCode: report.Complete ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }
        catch (DelegateFileException ex) when (ex.MessageVi.StartsWith("Tệp quá lớn", StringComparison.Ordinal))
        {
            return TooLarge();
        }
        catch (DelegateFileException ex)
        {
            return OrganizerProblems.Problem(StatusCodes.Status400BadRequest, ex.MessageVi, ex.MessageEn);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // IOException covers BadHttpRequestException and the multipart reader's "unexpected end of stream" (a truncated form).
            return OrganizerProblems.Problem(StatusCodes.Status400BadRequest, "Không đọc được nội dung gửi lên.", "The request body could not be read as a form.");
        }
        catch (Exception ex) when (ex is RequestFailedException or ConferenceNotConfiguredException)
        {
            return StorageUnavailable();
        }
    }

    private static async Task<IResult> ListAsync(CurrentConference current, IDelegateStore store, CancellationToken cancellationToken)
    {
        try
        {
            var conference = await current.GetAsync(cancellationToken).ConfigureAwait(false);
            var list = await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
            return Results.Ok(list.OrderBy(d => d.GroupId, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => new DelegateListItem(
                d.Id, d.Name, d.Position, d.Organisation, d.GroupId, conference.FindGroup(d.GroupId)?.Name.Vi,
                d.Category == DelegateCategory.Summoned ? "summoned" : "invited", d.Email, d.District, d.AadObjectId, d.UpdatedAt)).ToList());
        }
        catch (Exception ex) when (ex is RequestFailedException or ConferenceNotConfiguredException)
        {
            return StorageUnavailable();
        }
    }

    private static IResult TooLarge() => OrganizerProblems.Problem(StatusCodes.Status413PayloadTooLarge,
        $"Tệp quá lớn (tối đa {DelegateFileReader.MaxBytes / 1024 / 1024} MB).",
        $"The file is too large (at most {DelegateFileReader.MaxBytes / 1024 / 1024} MB).");

    internal static IResult StorageUnavailable() => OrganizerProblems.Problem(StatusCodes.Status503ServiceUnavailable,
        "Kho dữ liệu tạm thời không truy cập được, vui lòng thử lại sau.",
        "Storage is unavailable; try again later.");
}
