using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

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
    DateTimeOffset UpdatedAt)
{
    public static DelegateListItem Of(Conference conference, ConferenceDelegate d)
    {
        ArgumentNullException.ThrowIfNull(conference);
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Id, d.Name, d.Position, d.Organisation, d.GroupId, conference.FindGroup(d.GroupId)?.Name.Vi,
            d.Category == DelegateCategory.Summoned ? "summoned" : "invited", d.Email, d.District, d.AadObjectId, d.UpdatedAt);
    }
}

/// <summary>A removed delegate: off every count and send; <c>answerKept</c> is the answer that stays on record, if any.</summary>
public sealed record DelegateRemoval(string Id, string Name, DateTimeOffset RemovedAt, string? AnswerKept);

/// <summary>/api/organizer/conferences/{conferenceId}: import and list the conference's delegates.</summary>
internal static class OrganizerEndpoints
{
    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"];

    public static RouteGroupBuilder MapDelegateEndpoints(this RouteGroupBuilder organizer)
    {
        organizer.MapPost("/delegates/import", ImportAsync)
            .WithName("ImportDelegates")
            .WithSummary("Nhập danh sách đại biểu (CSV hoặc XLSX) / Import the delegate list")
            .WithDescription("Multipart form with one file, or the raw file as the body (text/csv or the XLSX type). Headers in Vietnamese or English: Họ và tên/name, Chức vụ/position, Cơ quan/organisation, Nhóm/group, Email, Địa phương/district, aadObjectId. Rows are upserted by email; unchanged rows are skipped; rejected rows come back with their row number and reasons. When storage fails part-way the answer is 503 with the report: notWritten lists the rows to send again.")
            // The body is described for OpenAPI only: Accepts metadata would make routing answer 415 by content type
            // before the organizer check runs.
            .AddOpenApiOperationTransformer(DelegateFileBody.DescribeAsync)
            .Produces<DelegateImportReport>()
            .Produces<DelegateImportReport>(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .DisableAntiforgery();

        organizer.MapGet("/delegates", ListAsync)
            .WithName("ListDelegates")
            .WithSummary("Danh sách đại biểu / List the delegates");

        organizer.MapPut("/delegates/{delegateId}", UpdateAsync)
            .WithName("UpdateDelegate")
            .WithSummary("Sửa một đại biểu / Edit one delegate")
            .WithDescription("Replaces the delegate's fields with the import's rules for a row; the id stays. A corrected e-mail or Teams account is what «gửi lại» (POST …/invitations/retry) uses for a failed invitation.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        organizer.MapDelete("/delegates/{delegateId}", RemoveAsync)
            .WithName("RemoveDelegate")
            .WithSummary("Xóa một đại biểu khỏi danh sách / Remove one delegate")
            .WithDescription("Takes the delegate (and a substitute standing in their seat) off every count, send and export. A delegate who answered is removed only with ?confirm=true (409 otherwise); the answer stays on record.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return organizer;
    }

    private static async Task<Results<JsonHttpResult<DelegateImportReport>, ProblemHttpResult>> ImportAsync(HttpContext http, RouteConference route, DelegateImporter importer, DelegateImportGate gate, CancellationToken cancellationToken)
    {
        if (!route.Conference.Allows(ConferenceAction.EditDelegates))
        {
            var why = ConferenceLifecycle.Refusal(route.Conference.State, ConferenceAction.EditDelegates);
            return ApiProblems.Of(StatusCodes.Status409Conflict, why.Vi, why.En);
        }

        using var slot = gate.TryEnter();
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = "30";
            return ApiProblems.Of(StatusCodes.Status503ServiceUnavailable,
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
                    return ApiProblems.Of(StatusCodes.Status400BadRequest, "Không có tệp nào được gửi lên.", "The form holds no file.");
                }

                await using var stream = file.OpenReadStream();
                content = await DelegateFileReader.ReadLimitedAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var mediaType = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
                if (mediaType is not null && !CsvTypes.Contains(mediaType) && mediaType is not (DelegateFileReader.XlsxContentType or "application/octet-stream"))
                {
                    return ApiProblems.Of(StatusCodes.Status415UnsupportedMediaType,
                        "Chỉ nhận tệp CSV hoặc Excel (.xlsx).",
                        "Send a CSV (text/csv) or Excel (.xlsx) file, raw or as multipart/form-data.");
                }

                content = await DelegateFileReader.ReadLimitedAsync(http.Request.Body, cancellationToken).ConfigureAwait(false);
            }

            if (content.Length == 0)
            {
                return ApiProblems.Of(StatusCodes.Status400BadRequest, "Tệp rỗng.", "The file is empty.");
            }

            var conference = route.Conference;
            var report = await importer.ImportAsync(conference, content, DelegateFileReader.DetectFormat(content), cancellationToken).ConfigureAwait(false);
            if (!report.Complete)
            {
                // The same 503 as every storage outage, but with the report: what was written and what to send again.
                http.Response.Headers.RetryAfter = StorageOutage.RetryAfterSeconds;
            }

            return TypedResults.Json(report, statusCode: report.Complete ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }
        catch (DelegateFileException ex) when (ex.MessageVi.StartsWith("Tệp quá lớn", StringComparison.Ordinal))
        {
            return TooLarge();
        }
        catch (DelegateFileException ex)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, ex.MessageVi, ex.MessageEn);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // IOException covers BadHttpRequestException and the multipart reader's "unexpected end of stream" (a truncated form).
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "Không đọc được nội dung gửi lên.", "The request body could not be read as a form.");
        }
    }

    private static async Task<Ok<List<DelegateListItem>>> ListAsync(RouteConference route, IDelegateStore store, CancellationToken cancellationToken)
    {
        var conference = route.Conference;
        var list = await store.ListAsync(conference.Id, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(list.OrderBy(d => d.GroupId, StringComparer.Ordinal).ThenBy(d => d.Name, StringComparer.Ordinal).Select(d => DelegateListItem.Of(conference, d)).ToList());
    }

    private static async Task<Results<Ok<DelegateListItem>, ProblemHttpResult>> UpdateAsync(RouteConference route, string delegateId, DelegateChanges request, DelegateEditor editor, CancellationToken cancellationToken)
    {
        var result = await editor.UpdateAsync(route.Conference, delegateId, request, cancellationToken).ConfigureAwait(false);
        return result.Status == DelegateEditStatus.Saved ? TypedResults.Ok(DelegateListItem.Of(route.Conference, result.Delegate!)) : Problem(result);
    }

    private static async Task<Results<Ok<DelegateRemoval>, ProblemHttpResult>> RemoveAsync(HttpContext http, RouteConference route, string delegateId, bool? confirm, DelegateEditor editor, CancellationToken cancellationToken)
    {
        var result = await editor.RemoveAsync(route.Conference, delegateId, confirm == true, ConferenceRoles.ObjectId(http.User), cancellationToken).ConfigureAwait(false);
        return result is { Status: DelegateEditStatus.Removed, Delegate: { } removed }
            ? TypedResults.Ok(new DelegateRemoval(removed.Id, removed.Name, removed.RemovedAt!.Value, result.Answer?.Vi))
            : Problem(result);
    }

    private static ProblemHttpResult Problem(DelegateEditResult result) => ApiProblems.Of(
        result.Status switch
        {
            DelegateEditStatus.NotFound => StatusCodes.Status404NotFound,
            DelegateEditStatus.Invalid => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status409Conflict,
        },
        result.Message(Common.Language.Vi),
        result.Message(Common.Language.En));

    private static ProblemHttpResult TooLarge() => ApiProblems.Of(StatusCodes.Status413PayloadTooLarge,
        $"Tệp quá lớn (tối đa {DelegateFileReader.MaxBytes / 1024 / 1024} MB).",
        $"The file is too large (at most {DelegateFileReader.MaxBytes / 1024 / 1024} MB).");
}

/// <summary>The import's body in the OpenAPI document: a multipart form with one file, or the raw CSV or XLSX.</summary>
internal static class DelegateFileBody
{
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "Danh sách đại biểu, CSV (UTF-8) hoặc Excel (.xlsx), tối đa " + (DelegateFileReader.MaxBytes / 1024 / 1024) + " MB / The delegate list",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = binary },
                        Required = new HashSet<string> { "file" },
                    },
                },
                ["text/csv"] = new() { Schema = binary },
                [DelegateFileReader.XlsxContentType] = new() { Schema = binary },
            },
        };
        return Task.CompletedTask;
    }
}
