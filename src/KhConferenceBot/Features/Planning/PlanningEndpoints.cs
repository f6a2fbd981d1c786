using System.Text.Json;
using KhConferenceBot.Api;
using KhConferenceBot.Conferences;
using KhConferenceBot.Conferences.Plans;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KhConferenceBot.Features.Planning;

/// <summary>A conference as the planning API returns it: its id and state, and its fields as the form edits them.</summary>
public sealed record ConferenceView(string Id, string State, ConferenceForm Form, DateTimeOffset CreatedAt, string? CreatedBy, PersonalDataErasure? PersonalDataErased);

/// <summary>Create: the form's fields, and optionally the id to create it under.</summary>
public sealed record CreateConferenceRequest
{
    public string? Id { get; init; }

    public ConferenceForm? Conference { get; init; }
}

/// <summary>Copy: the new conference's day (required), and optionally its title and id.</summary>
public sealed record CopyConferenceRequest(DateOnly? Date, string? Title, string? Id);


/// <summary>/api/organizer: read a plan into a draft, create, edit, copy a conference, erase its personal data.</summary>
internal static class PlanningEndpoints
{
    private const int MaxJsonBytes = 1024 * 1024;
    private static readonly JsonSerializerOptions Json = new(ConferenceJson.Options) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip };

    public static void Map(OrganizerRoutes routes)
    {
        routes.Api.MapPost("/plans", ReadPlanAsync)
            .RequireAuthorization(ConferencePolicies.Creator)
            .WithName("ReadPlan")
            .WithSummary("Đọc kế hoạch thành bản nháp hội nghị / Read a plan document into a conference draft")
            .WithDescription("The plan as .docx or plain text (UTF-8), raw or as multipart/form-data, at most 2 MB. Answers the draft: `form` (every field it could read, ready to send to POST /conferences once completed), `sources` (the line each field came from) and `issues` (required, missing, doubtful). Nothing is stored.")
            .Produces<PlanReview>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .DisableAntiforgery();

        routes.Conferences.MapPost("", CreateAsync)
            .RequireAuthorization(ConferencePolicies.Creator)
            .WithName("CreateConference")
            .WithSummary("Tạo hội nghị / Create a conference")
            .WithDescription("Creates a Draft conference from `conference` (the form; a plan's draft once completed) and makes the caller its organizer. With `id`, that id or 409; sending the same request again answers 200 with the conference it made. 400 lists each field's problem in `errors`.")
            .Produces<ConferenceView>(StatusCodes.Status201Created)
            .Produces<ConferenceView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.Organizer.MapGet("/form", GetAsync)
            .WithName("GetConferenceForm")
            .WithSummary("Thông tin hội nghị để sửa / A conference's fields, to edit")
            .WithDescription("The ETag header is the version to send back as If-Match.")
            .Produces<ConferenceView>();

        routes.Organizer.MapPut("", EditAsync)
            .WithName("EditConference")
            .WithSummary("Sửa hội nghị / Edit a conference")
            .WithDescription("Replaces every field with the form (body: the form itself). Draft and Open conferences only. Once Open, a change of date, venue or agenda is a schedule change, made as the chat's «thay đổi chương trình» makes it: the same refusals (400; e.g. an item moved into the past), one notice in the group chat, delivered invitations (Teams cards in place, e-mail guests by e-mail), the calendar and posted agenda cards follow it, and attending delegates are told when the start, day or venue moves. Sending the same form again sends nothing. If-Match (from GET /form) refuses a stale edit with 412.")
            .Produces<ConferenceView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);

        routes.Organizer.MapPost("/copy", CopyAsync)
            .RequireAuthorization(ConferencePolicies.Creator)
            .WithName("CopyConference")
            .WithSummary("Sao chép hội nghị / Copy a conference")
            .WithDescription("A new Draft conference with this one's plan (agenda, groups, venue, chair) on `date`; delegates and answers are not copied.")
            .Produces<ConferenceView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        routes.Organizer.MapDelete("/personal-data", EraseAsync)
            .WithName("ErasePersonalData")
            .WithSummary("Xóa dữ liệu cá nhân của hội nghị / Erase a conference's personal data now")
            .WithDescription("Closed or archived conferences only. Deletes delegates, answers, questions and votes, outbox rows and group chat records; the counts are kept on the conference (`personalDataErased`).")
            .Produces<ConferenceView>()
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Results<Ok<PlanReview>, ProblemHttpResult>> ReadPlanAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength > PlanReader.MaxBytes + (64 * 1024))
        {
            return TooLarge();
        }

        try
        {
            PlanReadResult result;
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = PlanReader.MaxBytes + (64 * 1024) }, cancellationToken).ConfigureAwait(false);
                if (form.Files.FirstOrDefault() is not { } file)
                {
                    return ApiProblems.Of(StatusCodes.Status400BadRequest, "Không có tệp nào được gửi lên.", "The form holds no file.");
                }

                await using var stream = file.OpenReadStream();
                result = await PlanReader.ReadAsync(stream, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                result = await PlanReader.ReadAsync(http.Request.Body, cancellationToken).ConfigureAwait(false);
            }

            if (result.Refusal is { } refusal)
            {
                return ApiProblems.Of(refusal.MessageVi.StartsWith("Tệp quá lớn", StringComparison.Ordinal) ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                    refusal.MessageVi, refusal.MessageEn);
            }

            return TypedResults.Ok(PlanReview.From(result.Draft!));
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "Không đọc được nội dung gửi lên.", "The request body could not be read.");
        }
    }

    private static async Task<Results<Created<ConferenceView>, Ok<ConferenceView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, ConferencePlanner planner, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadJsonAsync<CreateConferenceRequest>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Conference is not { } form)
        {
            return Invalid([new PlanIssue(PlanIssueKind.Required, "conference", "Thiếu thông tin hội nghị (trường “conference”).", "The body has no “conference”.")]);
        }

        var outcome = await planner.CreateAsync(form, request.Id, Caller(http), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Conference: { } c, AlreadyExisted: true } => TypedResults.Ok(View(c)),
            { Conference: { } c } => TypedResults.Created($"{OrganizerApi.RoutePrefix}/conferences/{c.Id}", View(c)),
            { Failure: PlanningFailure.IdTaken } => Conflict(outcome),
            _ => Invalid(outcome.Issues),
        };
    }

    private static async Task<Ok<ConferenceView>> GetAsync(HttpContext http, RouteConference route, ConferenceDirectory directory, CancellationToken cancellationToken)
    {
        var stored = await directory.GetStoredAsync(route.Id, cancellationToken).ConfigureAwait(false) ?? throw new ConferenceNotFoundException(route.Id);
        // Storage's version is already an entity tag (W/"datetime'…'"); it goes out and comes back as it is.
        http.Response.Headers.ETag = stored.ETag.ToString();
        return TypedResults.Ok(View(stored.Conference));
    }

    private static async Task<Results<Ok<ConferenceView>, ValidationProblem, ProblemHttpResult>> EditAsync(
        HttpContext http, RouteConference route, ConferencePlanner planner, CancellationToken cancellationToken)
    {
        var (form, problem) = await ReadJsonAsync<ConferenceForm>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var ifMatch = http.Request.Headers.IfMatch.ToString().Trim();
        Azure.ETag? etag = ifMatch is "" or "*" ? null : new Azure.ETag(ifMatch);
        var outcome = await planner.EditAsync(route.Id, form!, etag, Caller(http), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Conference: { } c } => TypedResults.Ok(View(c)),
            { Failure: PlanningFailure.Changed } => ApiProblems.Of(StatusCodes.Status412PreconditionFailed, outcome.Issues[0].MessageVi, outcome.Issues[0].MessageEn),
            { Failure: PlanningFailure.NotAllowed } => Conflict(outcome),
            _ => Invalid(outcome.Issues),
        };
    }

    private static async Task<Results<Created<ConferenceView>, Ok<ConferenceView>, ValidationProblem, ProblemHttpResult>> CopyAsync(
        HttpContext http, RouteConference route, ConferencePlanner planner, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadJsonAsync<CopyConferenceRequest>(http, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Date is not { } date)
        {
            return Invalid([new PlanIssue(PlanIssueKind.Required, "date", "Hãy nhập ngày tổ chức hội nghị mới.", "Enter the new conference's date.")]);
        }

        var outcome = await planner.CopyAsync(route.Conference, date, request.Title, request.Id, Caller(http), cancellationToken).ConfigureAwait(false);
        return outcome switch
        {
            { Conference: { } c, AlreadyExisted: true } => TypedResults.Ok(View(c)),
            { Conference: { } c } => TypedResults.Created($"{OrganizerApi.RoutePrefix}/conferences/{c.Id}", View(c)),
            { Failure: PlanningFailure.IdTaken } => Conflict(outcome),
            _ => Invalid(outcome.Issues),
        };
    }

    private static async Task<Results<Ok<ConferenceView>, ProblemHttpResult>> EraseAsync(
        HttpContext http, RouteConference route, PersonalDataRetention retention, CancellationToken cancellationToken)
    {
        if (route.Conference.State is not (ConferenceState.Closed or ConferenceState.Archived))
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict,
                "Chỉ xóa được dữ liệu cá nhân của hội nghị đã kết thúc hoặc đã lưu trữ.",
                "Personal data can be erased only from a closed or archived conference.");
        }

        var conference = await retention.EraseAsync(route.Id, Caller(http).AadObjectId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(View(conference));
    }

    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadJsonAsync<T>(HttpContext http, CancellationToken cancellationToken)
        where T : class
    {
        if (http.Request.ContentLength > MaxJsonBytes)
        {
            return (null, ApiProblems.Of(StatusCodes.Status413PayloadTooLarge, "Nội dung gửi lên quá lớn (tối đa 1 MB).", "The body is too large (at most 1 MB)."));
        }

        if (!http.Request.HasJsonContentType())
        {
            return (null, ApiProblems.Of(StatusCodes.Status415UnsupportedMediaType, "Hãy gửi nội dung JSON (application/json).", "Send the body as application/json."));
        }

        try
        {
            using var limited = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (limited.Length + read > MaxJsonBytes)
                {
                    return (null, ApiProblems.Of(StatusCodes.Status413PayloadTooLarge, "Nội dung gửi lên quá lớn (tối đa 1 MB).", "The body is too large (at most 1 MB)."));
                }

                limited.Write(buffer, 0, read);
            }

            var value = JsonSerializer.Deserialize<T>(limited.ToArray(), Json);
            return value is null
                ? (null, ApiProblems.Of(StatusCodes.Status400BadRequest, "Nội dung JSON rỗng.", "The JSON body is empty."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, ApiProblems.Of(StatusCodes.Status400BadRequest,
                "Nội dung JSON không hợp lệ" + (ex.Path is { Length: > 1 } path ? $" tại “{path}”." : "."),
                "The JSON body is not valid" + (ex.Path is { Length: > 1 } p ? $" at {p}." : ".")));
        }
    }

    private static Planner Caller(HttpContext http) => new(
        ConferenceRoles.ObjectId(http.User) ?? throw new InvalidOperationException("An authorized caller without an object id."),
        http.User.FindFirst("name")?.Value,
        http.User.FindFirst("preferred_username")?.Value ?? http.User.FindFirst("email")?.Value);

    private static ConferenceView View(Conference c) =>
        new(c.Id, c.State.ToString().ToLowerInvariant(), ConferenceForm.FromConference(c), c.CreatedAt, c.CreatedBy, c.PersonalDataErased);

    private static ValidationProblem Invalid(IReadOnlyList<PlanIssue> issues) => TypedResults.ValidationProblem(
        issues.GroupBy(i => i.Field).ToDictionary(g => g.Key, g => g.Select(i => i.MessageVi).ToArray()),
        title: "Thông tin hội nghị chưa hợp lệ.",
        detail: string.Join(" ", issues.Select(i => i.MessageEn)));

    private static ProblemHttpResult Conflict(PlanningOutcome outcome) =>
        ApiProblems.Of(StatusCodes.Status409Conflict, outcome.Issues[0].MessageVi, outcome.Issues[0].MessageEn);

    private static ProblemHttpResult TooLarge() => ApiProblems.Of(StatusCodes.Status413PayloadTooLarge,
        $"Tệp quá lớn (tối đa {PlanReader.MaxBytes / 1024 / 1024} MB).", $"The file is too large (at most {PlanReader.MaxBytes / 1024 / 1024} MB).");
}
