using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using KhConferenceBot.Api;
using KhConferenceBot.Bot;
using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Teams.Schema;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace KhConferenceBot.Features.Invitations;

/// <summary>
/// The organizer chat commands' HTTP twins under /api/organizer, for an office that runs the conference from a script
/// or a dashboard: preview, plan and send the invitations, read the status, remind non-responders.
/// </summary>
internal static class InvitationEndpoints
{
    public static RouteGroupBuilder MapInvitationEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/invitations/plan", PlanAsync)
            .WithName("PlanInvitations")
            .WithSummary("Xem trước số người sẽ nhận giấy mời / How many would receive the invitation (optionally one group)")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/invitations/send", SendAsync)
            .WithName("SendInvitations")
            .WithSummary("Gửi giấy mời (gửi lại không gửi trùng) / Queue the invitations; sending twice sends once")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/invitations/retry", RetryFailedAsync)
            .WithName("RetryFailedInvitations")
            .WithSummary("Gửi lại giấy mời bị lỗi (tất cả, hoặc của một đại biểu); thư đã đến không gửi lại / Resend failed invitations, never a delivered one")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/invitations/preview/{delegateId}", PreviewAsync)
            .WithName("PreviewInvitation")
            .WithSummary("Thẻ giấy mời như đại biểu sẽ thấy (Adaptive Card JSON) / The invitation card as this delegate sees it")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/status", StatusAsync)
            .WithName("AttendanceStatus")
            .WithSummary("Tình hình phản hồi, sức chứa hội trường, lỗi gửi / Answers, headcount against capacity, delivery failures");

        api.MapPost("/reminders", RemindAsync)
            .WithName("RemindNonResponders")
            .WithSummary("Nhắc những người chưa phản hồi (mỗi lần gọi nhắc tối đa một lần) / Remind non-responders, once per call")
            .ProducesProblem(StatusCodes.Status409Conflict);

        return api;
    }

    /// <summary>GET /api/organizer/conferences/{conferenceId}/invitations/plan[?group=]: who the chat command «gửi giấy mời» asks to confirm.</summary>
    private static async Task<Results<Ok<InvitationPlanDto>, ProblemHttpResult>> PlanAsync(
        string? group, RouteConference route, InvitationService invitations, CancellationToken ct)
    {
        var conference = route.Conference;
        if (!TryGroup(conference, group, out var selected, out var problem))
        {
            return problem;
        }

        var plan = await invitations.PlanAsync(conference, selected, ct).ConfigureAwait(false);
        return TypedResults.Ok(new InvitationPlanDto(
            selected?.Id,
            plan.Selected.Count,
            plan.Selected.Count(d => d.Category == DelegateCategory.Invited),
            plan.Selected.Count(d => d.Category == DelegateCategory.Summoned),
            plan.AlreadySent,
            plan.AlreadyQueued,
            plan.WithoutTeams.Select(d => d.Name).ToList()));
    }

    /// <summary>POST /api/organizer/conferences/{conferenceId}/invitations/send[?group=]: queues each invitation once, however often it is called.</summary>
    private static async Task<Results<Ok<InvitationSendDto>, ProblemHttpResult>> SendAsync(
        string? group, RouteConference route, InvitationService invitations, CancellationToken ct)
    {
        var conference = route.Conference;
        if (!TryGroup(conference, group, out var selected, out var problem))
        {
            return problem;
        }

        if (!conference.Allows(ConferenceAction.SendInvitations))
        {
            return StateRefusal(conference, ConferenceAction.SendInvitations);
        }

        var result = await invitations.EnqueueInvitationsAsync(conference, selected, ct).ConfigureAwait(false);
        return TypedResults.Ok(new InvitationSendDto(result.Enqueued, result.AlreadyThere, result.WithoutTeams.Select(d => d.Name).ToList()));
    }

    /// <summary>POST /api/organizer/conferences/{conferenceId}/invitations/retry[?delegate=name, id or e-mail]: the twin of the chat command «gửi lại».</summary>
    private static async Task<Results<Ok<InvitationRetryDto>, ProblemHttpResult>> RetryFailedAsync(
        [FromQuery(Name = "delegate")] string? who, RouteConference route, InvitationService invitations, CancellationToken ct)
    {
        var conference = route.Conference;
        var result = await invitations.RetryFailedAsync(conference, who, ct).ConfigureAwait(false);
        if (result.Matched == 0 && !string.IsNullOrWhiteSpace(who))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Không có giấy mời bị lỗi nào của '{who}' / No failed invitation for this delegate");
        }

        return TypedResults.Ok(new InvitationRetryDto(result.Matched, result.Retried, result.WithoutTeams.Select(d => d.Name).ToList()));
    }

    /// <summary>GET /api/organizer/conferences/{conferenceId}/invitations/preview/{delegateId}[?language=vi|en]: the card this delegate would receive.</summary>
    private static async Task<Results<JsonHttpResult<JsonElement>, ProblemHttpResult>> PreviewAsync(
        string delegateId, string? language, RouteConference route, IDelegateStore delegates, InvitationService invitations, CancellationToken ct)
    {
        var conference = route.Conference;
        var person = await delegates.GetAsync(conference.Id, delegateId, ct).ConfigureAwait(false);
        if (person is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Không có đại biểu này trong danh sách / No such delegate");
        }

        var lang = LanguageExtensions.Parse(language) ?? Language.Vi;
        var card = await invitations.CardForAsync(conference, person, lang, changing: false, ct).ConfigureAwait(false);
        return TypedResults.Json(card, TeamsJson.Options);
    }

    /// <summary>GET /api/organizer/conferences/{conferenceId}/status: the twin of the chat command «tình hình».</summary>
    private static async Task<Ok<StatusDto>> StatusAsync(RouteConference route, InvitationService invitations, CancellationToken ct)
    {
        var conference = route.Conference;
        var report = await invitations.StatusAsync(conference, ct).ConfigureAwait(false);
        return TypedResults.Ok(new StatusDto(
            report.Total, report.Invited, report.Summoned, report.Attending, report.Declined, report.Substitutes, report.NoAnswer,
            report.RegisteredLeaders, report.ExpectedHeadcount, report.Capacity, report.Sent, report.Waiting,
            report.ByGroup.Select(g => new GroupStatusDto(g.Group.Id, g.Group.Name.Vi, g.Total, g.Attending, g.Declined, g.Substitutes, g.NoAnswer)).ToList(),
            report.Failures.Select(f => new DeliveryFailureDto(f.DelegateId, f.Name, f.Unit, f.Code, f.Reason)).ToList(),
            report.NonResponders.Select(d => d.Name).ToList()));
    }

    /// <summary>POST /api/organizer/conferences/{conferenceId}/reminders: a new reminder round, so each call reminds each non-responder at most once.</summary>
    private static async Task<Results<Ok<ReminderDto>, ProblemHttpResult>> RemindAsync(RouteConference route, InvitationService invitations, IInvitationStateStore state, CancellationToken ct)
    {
        var conference = route.Conference;
        if (!conference.Allows(ConferenceAction.RemindNonResponders))
        {
            return StateRefusal(conference, ConferenceAction.RemindNonResponders);
        }

        var number = await state.NextReminderNumberAsync(conference.Id, ct).ConfigureAwait(false);
        var added = await invitations.RemindAsync(conference, InvitationService.ReminderPurpose(conference.Id, number), ct).ConfigureAwait(false);
        return TypedResults.Ok(new ReminderDto(number, added));
    }

    /// <summary>409: the conference's state does not allow this now (a draft sends nothing, a held one reminds nobody).</summary>
    private static ProblemHttpResult StateRefusal(Conference conference, ConferenceAction action)
    {
        var why = ConferenceLifecycle.Refusal(conference.State, action);
        return ApiProblems.Of(StatusCodes.Status409Conflict, why.Vi, why.En);
    }

    private static bool TryGroup(Conference conference, string? group, out DelegateGroup? selected, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        selected = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(group))
        {
            return true;
        }

        selected = InvitationService.FindGroup(conference, group);
        if (selected is null)
        {
            problem = TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: $"Không có nhóm đại biểu '{group}' / Unknown delegate group",
                detail: "Nhóm hợp lệ / valid groups: " + string.Join(", ", conference.Groups.Select(g => g.Id)));
            return false;
        }

        return true;
    }
}

public sealed record InvitationPlanDto(string? Group, int Recipients, int Invited, int Summoned, int AlreadySent, int AlreadyQueued, IReadOnlyList<string> WithoutTeamsAccount);

public sealed record InvitationSendDto(int Queued, int AlreadyQueuedOrSent, IReadOnlyList<string> WithoutTeamsAccount);

public sealed record GroupStatusDto(string Group, string Name, int Total, int Attending, int Declined, int Substitutes, int NoAnswer);

public sealed record DeliveryFailureDto(string DelegateId, string Name, string? Unit, string Code, string Reason);

public sealed record InvitationRetryDto(int Failed, int Requeued, IReadOnlyList<string> WithoutTeamsAccount);

public sealed record StatusDto(
    int Total, int Invited, int Summoned, int Attending, int Declined, int Substitutes, int NoAnswer, int RegisteredLeaders,
    int ExpectedHeadcount, int Capacity, int Sent, int Waiting, IReadOnlyList<GroupStatusDto> ByGroup,
    IReadOnlyList<DeliveryFailureDto> Failures, IReadOnlyList<string> NonResponders);

public sealed record ReminderDto(int Round, int Reminded);
