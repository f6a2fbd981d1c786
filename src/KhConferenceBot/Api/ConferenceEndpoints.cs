using System.Security.Claims;
using KhConferenceBot.Conferences;
using KhConferenceBot.Graph;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KhConferenceBot.Api;

/// <summary>A conference as the caller's list shows it, with the caller's roles in it.</summary>
public sealed record ConferenceListItem(string Id, string ShortName, string Title, DateOnly Date, string State, IReadOnlyList<string> Roles);

/// <summary>Someone holding a role in a conference.</summary>
public sealed record ConferenceMemberDto(string AadObjectId, string? Name, string? Email, IReadOnlyList<string> Roles, string? GrantedBy, DateTimeOffset GrantedAt);

/// <summary>Grant a role: by Entra object id, or by e-mail looked up in the directory (Microsoft Graph).</summary>
public sealed record RoleGrantRequest(string? AadObjectId, string? Email, string? Name, string Role);

/// <summary>Move the conference to the next state: open, held, closed or archived.</summary>
public sealed record StateChangeRequest(string State);

/// <summary>
/// /api/organizer/conferences: the caller's conferences; under each conference, its people (organizers and reception
/// staff) and its lifecycle state. The organizers of a conference manage its people; the last organizer stays.
/// </summary>
public static class ConferenceEndpoints
{
    public static OrganizerRoutes MapConferenceEndpoints(this OrganizerRoutes routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Conferences.MapGet("/", ListAsync)
            .WithName("ListConferences")
            .WithSummary("Các hội nghị của tôi (tổ chức hoặc lễ tân) / The conferences I organize or staff");

        routes.Organizer.MapGet("/people", PeopleAsync)
            .WithName("ListConferencePeople")
            .WithSummary("Ban Tổ chức và lễ tân của hội nghị / The conference's organizers and reception staff");
        routes.Organizer.MapPost("/people", GrantAsync)
            .WithName("GrantConferenceRole")
            .WithSummary("Thêm người vào Ban Tổ chức hoặc lễ tân (theo object id hoặc email) / Grant the organizer or reception role (by object id or e-mail)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.Organizer.MapDelete("/people/{aadObjectId}/{role}", RevokeAsync)
            .WithName("RevokeConferenceRole")
            .WithSummary("Bỏ vai trò của một người (không bỏ được người tổ chức cuối cùng) / Revoke a role (never the last organizer's)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        routes.Organizer.MapPost("/state", ChangeStateAsync)
            .WithName("ChangeConferenceState")
            .WithSummary("Chuyển trạng thái hội nghị: mở, đã diễn ra, kết thúc, lưu trữ / Move the conference on: open, held, closed, archived")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<Ok<List<ConferenceListItem>>> ListAsync(ClaimsPrincipal user, ConferenceRoles roles, ConferenceDirectory conferences, CancellationToken ct)
    {
        var list = new List<ConferenceListItem>();
        if (ConferenceRoles.ObjectId(user) is { Length: > 0 } objectId)
        {
            foreach (var entry in await roles.ConferencesOfAsync(objectId, ct).ConfigureAwait(false))
            {
                // The index may still name a conference whose role was just revoked: the role row decides.
                var held = await roles.GetAsync(entry.ConferenceId, objectId, ct).ConfigureAwait(false);
                if (held != ConferenceRole.None && await conferences.GetAsync(entry.ConferenceId, ct).ConfigureAwait(false) is { } conference)
                {
                    list.Add(new ConferenceListItem(conference.Id, conference.ShortName.Vi, conference.Title.Vi, conference.Date, StateName(conference.State), RoleNames(held)));
                }
            }
        }

        return TypedResults.Ok(list.OrderByDescending(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal).ToList());
    }

    private static async Task<Ok<List<ConferenceMemberDto>>> PeopleAsync(RouteConference route, ConferenceRoles roles, CancellationToken ct) =>
        TypedResults.Ok((await roles.ListAsync(route.Id, ct).ConfigureAwait(false)).Select(ToDto).ToList());

    private static async Task<Results<Ok<ConferenceMemberDto>, ProblemHttpResult>> GrantAsync(
        RouteConference route, RoleGrantRequest request, ClaimsPrincipal user, ConferenceRoles roles, IUserDirectory directory, CancellationToken ct)
    {
        if (ParseRole(request?.Role) is not { } role)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "Vai trò phải là \"organizer\" hoặc \"reception\".", "The role must be \"organizer\" or \"reception\".");
        }

        var objectId = request!.AadObjectId?.Trim();
        if (string.IsNullOrEmpty(objectId) && !string.IsNullOrWhiteSpace(request.Email))
        {
            if (!directory.IsAvailable)
            {
                return ApiProblems.Of(StatusCodes.Status400BadRequest,
                    "Chưa tra được email (bot chưa kết nối Microsoft Graph). Hãy gửi aadObjectId của tài khoản.",
                    "E-mail cannot be looked up (no Microsoft Graph); send the account's aadObjectId.");
            }

            objectId = await directory.FindObjectIdByEmailAsync(request.Email.Trim(), ct).ConfigureAwait(false);
            if (objectId is null)
            {
                return ApiProblems.Of(StatusCodes.Status404NotFound, "Không tìm thấy tài khoản có email này.", "No account has this e-mail.");
            }
        }

        if (!Guid.TryParse(objectId, out var parsed))
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "Cần aadObjectId (GUID) hoặc email của người được thêm.", "Send the person's aadObjectId (a GUID) or e-mail.");
        }

        var change = await roles.GrantAsync(route.Id, parsed.ToString("D"), role, request.Name, request.Email, ConferenceRoles.ObjectId(user), ct).ConfigureAwait(false);
        return TypedResults.Ok(ToDto(change.Member!));
    }

    private static async Task<Results<Ok<ConferenceMemberDto>, NoContent, ProblemHttpResult>> RevokeAsync(
        RouteConference route, string aadObjectId, string role, ConferenceRoles roles, CancellationToken ct)
    {
        if (ParseRole(role) is not { } parsedRole || !Guid.TryParse(aadObjectId, out var parsed))
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "Cần object id (GUID) và vai trò \"organizer\" hoặc \"reception\".", "Send an object id (a GUID) and the role \"organizer\" or \"reception\".");
        }

        var change = await roles.RevokeAsync(route.Id, parsed.ToString("D"), parsedRole, ct).ConfigureAwait(false);
        if (change.Refusal == RoleChangeRefusal.LastOrganizer)
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict,
                "Đây là người tổ chức cuối cùng của hội nghị; hãy thêm người khác vào Ban Tổ chức trước.",
                "This is the conference's last organizer; add another organizer first.");
        }

        return change.Member is { Roles: not ConferenceRole.None } member ? TypedResults.Ok(ToDto(member)) : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<ConferenceListItem>, ProblemHttpResult>> ChangeStateAsync(
        RouteConference route, StateChangeRequest request, ConferenceDirectory conferences, ConferenceRoles roles, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!Enum.TryParse<ConferenceState>(request?.State, ignoreCase: true, out var target) || !Enum.IsDefined(target) || int.TryParse(request!.State, out _))
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, "Trạng thái phải là open, held, closed hoặc archived.", "The state must be open, held, closed or archived.");
        }

        // Read with the ETag, so two organizers moving it at once cannot both win.
        var stored = await conferences.GetStoredAsync(route.Id, ct).ConfigureAwait(false) ?? throw new ConferenceNotFoundException(route.Id);
        var from = stored.Conference.State;
        if (!ConferenceLifecycle.CanMove(from, target))
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict,
                $"Không chuyển được từ «{ConferenceLifecycle.Name(from).Vi}» sang «{ConferenceLifecycle.Name(target).Vi}».",
                $"A conference cannot move from {from} to {target}.");
        }

        stored.Conference.State = target;
        if (!await conferences.TryReplaceAsync(stored.Conference, stored.ETag, ct).ConfigureAwait(false))
        {
            return ApiProblems.Of(StatusCodes.Status409Conflict, "Hội nghị vừa được người khác thay đổi; hãy thử lại.", "Someone changed the conference meanwhile; try again.");
        }

        var held = await roles.GetAsync(route.Id, ConferenceRoles.ObjectId(user), ct).ConfigureAwait(false);
        var c = stored.Conference;
        return TypedResults.Ok(new ConferenceListItem(c.Id, c.ShortName.Vi, c.Title.Vi, c.Date, StateName(c.State), RoleNames(held)));
    }

    private static ConferenceRole? ParseRole(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        "organizer" => ConferenceRole.Organizer,
        "reception" => ConferenceRole.Reception,
        _ => null,
    };

    private static List<string> RoleNames(ConferenceRole roles) =>
        [.. new[] { (ConferenceRole.Organizer, "organizer"), (ConferenceRole.Reception, "reception") }.Where(r => roles.HasFlag(r.Item1)).Select(r => r.Item2)];

    private static string StateName(ConferenceState state) => state.ToString().ToLowerInvariant();

    private static ConferenceMemberDto ToDto(ConferenceMember m) => new(m.AadObjectId, m.Name, m.Email, RoleNames(m.Roles), m.GrantedBy, m.GrantedAt);
}
