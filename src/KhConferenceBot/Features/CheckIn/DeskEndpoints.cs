using System.Security.Claims;
using KhConferenceBot.Api;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KhConferenceBot.Features.CheckIn;

/// <summary>A scan or typed code, from a desk.</summary>
public sealed record DeskScanRequest(string? Text, string? Desk);

/// <summary>A person found by name, from a desk.</summary>
public sealed record DeskPersonRequest(string? Desk);

public sealed record DeskWalkInRequest(string? Name, string? Position, string? Organisation, string? Desk);

/// <summary>A check-in row as the desk shows it.</summary>
public sealed record DeskPersonView(string Id, string Name, string? Position, string? Organisation, string? GroupName, string? SubstituteFor, bool IsWalkIn, DateTimeOffset CheckedInAt, string Desk);

/// <summary>The answer to a scan, a code, a name or a walk-in: status checkedIn / alreadyCheckedIn / refused, and what to say.</summary>
public sealed record DeskAnswer(string Status, string? Code, string Message, string MessageEn, DeskPersonView? Person);

public sealed record DeskSearchResult(string Id, string Name, string? Position, string? Organisation, string? GroupName, string? SubstituteFor, DeskPersonView? CheckedIn);

public sealed record HeadcountLineView(string Key, string Name, int Present, int Confirmed);

public sealed record HeadcountView(int Present, int Confirmed, int ConfirmedPresent, int WalkIns, int Substitutes, IReadOnlyList<HeadcountLineView> Groups, IReadOnlyList<HeadcountLineView> Districts, IReadOnlyList<string> Missing, IReadOnlyList<AbsenceView> Absent);

/// <summary>A confirmed person marked absent: who, the reason, when and by whom.</summary>
public sealed record AbsenceView(string Id, string Name, string Reason, DateTimeOffset MarkedAt, string? MarkedBy);

/// <summary>Why a confirmed person will not come.</summary>
public sealed record AbsenceRequest(string? Reason);

public sealed record HallCodeView(string Code, DateTimeOffset ValidUntil);

/// <summary>
/// The desk's HTTP API under /api/organizer/conferences/{conferenceId}/checkin: the same service methods the desk page
/// calls, for other desk clients and the benchmark. Business refusals (unknown or revoked pass) are answers (200 with
/// status "refused"), not errors: the desk shows them and goes on.
/// </summary>
internal static class DeskEndpoints
{
    /// <param name="reception">/api/organizer/conferences/{conferenceId}, for the conference's reception staff and organizers.</param>
    public static RouteGroupBuilder MapCheckInEndpoints(this RouteGroupBuilder reception)
    {
        var desk = reception.MapGroup("/checkin").WithTags("CheckIn");
        desk.MapPost("/scan", ScanAsync).WithName("CheckInScan").WithSummary("Điểm danh bằng mã QR hoặc mã thẻ / Check in by QR token or pass code");
        desk.MapPost("/people/{delegateId}", ByNameAsync).WithName("CheckInPerson").WithSummary("Điểm danh đại biểu tìm theo tên / Check in a person found by name");
        desk.MapPost("/walk-ins", WalkInAsync).WithName("CheckInWalkIn").WithSummary("Đăng ký khách không có giấy mời / Register a walk-in");
        desk.MapGet("/search", SearchAsync).WithName("CheckInSearch").WithSummary("Tìm đại biểu đã xác nhận theo tên / Search the confirmed by name");
        desk.MapGet("/headcount", HeadcountAsync).WithName("CheckInHeadcount").WithSummary("Số người có mặt / The headcount");
        desk.MapGet("/hall-code", HallCodeAsync).WithName("CheckInHallCode").WithSummary("Mã hội trường hiện tại / The current hall code");
        return reception;
    }

    private static async Task<Ok<DeskAnswer>> ScanAsync(RouteConference route, DeskScanRequest? request, ClaimsPrincipal user, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var conference = route.Conference;

        var outcome = await checkIns.CheckInAsync(conference, request?.Text, DeskOf(request?.Desk, user), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(View(conference, outcome));
    }

    private static async Task<Ok<DeskAnswer>> ByNameAsync(RouteConference route, string delegateId, DeskPersonRequest? request, ClaimsPrincipal user, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var conference = route.Conference;

        var outcome = await checkIns.CheckInByNameAsync(conference, delegateId, DeskOf(request?.Desk, user), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(View(conference, outcome));
    }

    private static async Task<Ok<DeskAnswer>> WalkInAsync(RouteConference route, DeskWalkInRequest? request, ClaimsPrincipal user, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var conference = route.Conference;

        var outcome = await checkIns.RegisterWalkInAsync(conference, new WalkIn(request?.Name, request?.Position, request?.Organisation), DeskOf(request?.Desk, user), cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(View(conference, outcome));
    }

    private static async Task<Ok<IReadOnlyList<DeskSearchResult>>> SearchAsync(RouteConference route, string? q, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var conference = route.Conference;

        var found = await checkIns.SearchAsync(conference, q, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DeskSearchResult> view = [.. found.Select(p => new DeskSearchResult(
            p.DelegateId, p.Name, p.Position, p.Organisation, GroupName(conference, p.GroupId), p.SubstituteForName, p.CheckedIn is { } r ? View(conference, r) : null))];
        return TypedResults.Ok(view);
    }

    private static async Task<Ok<HeadcountView>> HeadcountAsync(RouteConference route, HeadcountReader headcounts, CancellationToken cancellationToken)
    {
        var conference = route.Conference;

        var h = await headcounts.ReadAsync(conference, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new HeadcountView(
            h.Present, h.Confirmed, h.ConfirmedPresent, h.WalkIns, h.Substitutes,
            [.. h.Groups.Select(l => new HeadcountLineView(l.Key, l.Name.Vi, l.Present, l.Confirmed))],
            [.. h.Districts.Select(l => new HeadcountLineView(l.Key, l.Name.Vi, l.Present, l.Confirmed))],
            [.. h.Missing.Select(m => m.Person.Name)],
            [.. h.Absent.Select(a => new AbsenceView(a.Holder.Person.Id, a.Holder.Person.Name, a.Mark.Reason, a.Mark.MarkedAt, a.Mark.MarkedBy))]));
    }

    private static async Task<Ok<HallCodeView>> HallCodeAsync(RouteConference route, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var conference = route.Conference;

        var code = await checkIns.CurrentHallCodeAsync(conference, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new HallCodeView(code.Code, code.ValidUntil));
    }

    /// <param name="organizer">/api/organizer/conferences/{conferenceId}, for the conference's organizers: they, not the desk staff, excuse someone.</param>
    public static RouteGroupBuilder MapAbsenceEndpoints(this RouteGroupBuilder organizer)
    {
        var absences = organizer.MapGroup("/checkin/absences").WithTags("CheckIn");
        absences.MapPut("/{delegateId}", MarkAbsentAsync).WithName("CheckInMarkAbsent").WithSummary("Ghi đại biểu vắng mặt có lý do / Mark a confirmed delegate absent with a reason");
        absences.MapDelete("/{delegateId}", ClearAbsenceAsync).WithName("CheckInClearAbsence").WithSummary("Bỏ ghi vắng / Take an absence mark back");
        return organizer;
    }

    private static async Task<Results<Ok<DeskAnswer>, ProblemHttpResult>> MarkAbsentAsync(RouteConference route, string delegateId, AbsenceRequest? request, ClaimsPrincipal user, CheckInService checkIns, CancellationToken cancellationToken)
    {
        var conference = route.Conference;
        var outcome = await checkIns.MarkAbsentAsync(conference, delegateId, request?.Reason, DeskOf("-", user).StaffName, cancellationToken).ConfigureAwait(false);
        return outcome.Status == CheckInStatus.MarkedAbsent
            ? TypedResults.Ok(View(conference, outcome))
            : ApiProblems.Of(
                outcome.RefusalCode switch
                {
                    "notConfirmed" => StatusCodes.Status404NotFound,
                    "alreadyCheckedIn" => StatusCodes.Status409Conflict,
                    _ => StatusCodes.Status400BadRequest,
                },
                outcome.Message.Vi,
                outcome.Message.En);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ClearAbsenceAsync(RouteConference route, string delegateId, CheckInService checkIns, CancellationToken cancellationToken) =>
        await checkIns.ClearAbsenceAsync(route.Conference, delegateId, cancellationToken).ConfigureAwait(false)
            ? TypedResults.NoContent()
            : ApiProblems.Of(StatusCodes.Status404NotFound, "Không có ai được ghi vắng với mã này.", "Nobody is marked absent under this id.");

    internal static Desk DeskOf(string? name, ClaimsPrincipal user) => new(name ?? "", user.FindFirst("name")?.Value ?? user.Identity?.Name);

    internal static DeskAnswer View(Conference conference, CheckInOutcome outcome) => new(
        outcome.Status switch
        {
            CheckInStatus.CheckedIn => "checkedIn",
            CheckInStatus.AlreadyCheckedIn => "alreadyCheckedIn",
            CheckInStatus.MarkedAbsent => "markedAbsent",
            _ => "refused",
        },
        outcome.RefusalCode,
        outcome.Message.Vi,
        outcome.Message.En,
        outcome.Record is { } record ? View(conference, record) : null);

    internal static DeskPersonView View(Conference conference, CheckInRecord r) =>
        new(r.PersonId, r.Name, r.Position, r.Organisation, GroupName(conference, r.GroupId), r.SubstituteForName, r.IsWalkIn, r.CheckedInAt, r.Desk);

    private static string? GroupName(Conference conference, string? groupId) => conference.FindGroup(groupId)?.Name.Vi ?? groupId;
}
