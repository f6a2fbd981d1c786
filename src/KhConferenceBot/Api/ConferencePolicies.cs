using KhConferenceBot.Conferences;
using Microsoft.AspNetCore.Authorization;

namespace KhConferenceBot.Api;

/// <summary>
/// The per-conference authorization policies of the organizer API. <see cref="Organizer"/> and <see cref="Reception"/>
/// check the route's {conferenceId} against the caller's stored roles (<see cref="ConferenceRoles"/>); <see cref="Creator"/>
/// is the bootstrap list or the Entra app role.
/// </summary>
public static class ConferencePolicies
{
    public const string Organizer = "ConferenceOrganizer";

    /// <summary>Reception staff, and the organizers (who may do everything reception does).</summary>
    public const string Reception = "ConferenceReception";

    public const string Creator = "ConferenceCreator";

    /// <summary>The route parameter every per-conference endpoint has.</summary>
    public const string RouteParameter = "conferenceId";

    internal static AuthorizationBuilder AddConferencePolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Organizer, p => p
            .AddAuthenticationSchemes(OrganizerAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ConferenceRoleRequirement(ConferenceRole.Organizer)))
        .AddPolicy(Reception, p => p
            .AddAuthenticationSchemes(OrganizerAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ConferenceRoleRequirement(ConferenceRole.Organizer | ConferenceRole.Reception)))
        .AddPolicy(Creator, p => p
            .AddAuthenticationSchemes(OrganizerAuthentication.Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new ConferenceCreatorRequirement()));
}

/// <summary>Met when the caller holds any of <see cref="AnyOf"/> in the conference the route names.</summary>
public sealed record ConferenceRoleRequirement(ConferenceRole AnyOf) : IAuthorizationRequirement;

/// <summary>Met when the caller may create conferences.</summary>
public sealed record ConferenceCreatorRequirement : IAuthorizationRequirement;

internal sealed class ConferenceRoleHandler(ConferenceRoles roles) : AuthorizationHandler<ConferenceRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ConferenceRoleRequirement requirement)
    {
        // The conference comes from the route only; a caller's roles in one conference say nothing about another.
        if (context.Resource is not HttpContext http
            || http.GetRouteValue(ConferencePolicies.RouteParameter) is not string conferenceId
            || ConferenceRoles.ObjectId(context.User) is not { Length: > 0 } objectId)
        {
            return;
        }

        if ((await roles.GetAsync(conferenceId, objectId, http.RequestAborted).ConfigureAwait(false) & requirement.AnyOf) != ConferenceRole.None)
        {
            context.Succeed(requirement);
        }
    }
}

internal sealed class ConferenceCreatorHandler(ConferenceRoles roles) : AuthorizationHandler<ConferenceCreatorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ConferenceCreatorRequirement requirement)
    {
        if (roles.IsCreator(context.User))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
