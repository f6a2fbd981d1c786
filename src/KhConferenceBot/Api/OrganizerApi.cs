using Scalar.AspNetCore;

namespace KhConferenceBot.Api;

/// <summary>
/// The organizer API's route groups. Everything about one conference lives under
/// /api/organizer/conferences/{conferenceId}; each group there carries the policy that checks the caller's role in it.
/// </summary>
/// <param name="Api">/api/organizer, signed in: what belongs to no conference (signed download links).</param>
/// <param name="Conferences">/api/organizer/conferences, signed in: the list of the caller's conferences, creating one.</param>
/// <param name="Organizer">/api/organizer/conferences/{conferenceId}, <see cref="ConferencePolicies.Organizer"/>.</param>
/// <param name="Reception">/api/organizer/conferences/{conferenceId}, <see cref="ConferencePolicies.Reception"/> (organizers too).</param>
public sealed record OrganizerRoutes(RouteGroupBuilder Api, RouteGroupBuilder Conferences, RouteGroupBuilder Organizer, RouteGroupBuilder Reception);

/// <summary>
/// The organizer HTTP API: the /api/organizer route groups, its signed download links, the OpenAPI document and the
/// interactive API page.
/// </summary>
public static class OrganizerApi
{
    public const string RoutePrefix = "/api/organizer";

    /// <summary>The per-conference prefix, relative to <see cref="RoutePrefix"/>.</summary>
    public const string ConferencePrefix = "/conferences/{" + ConferencePolicies.RouteParameter + "}";

    public static IServiceCollection AddOrganizerApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOrganizerAuthentication(configuration);
        services.AddSingleton<LinkSigner>();
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OrganizerSecuritySchemes>();
            o.AddOperationTransformer<OrganizerSecuritySchemes>();
        });
        return services;
    }

    /// <summary>Maps the groups every feature adds its organizer endpoints to, plus the OpenAPI document and page.</summary>
    public static OrganizerRoutes MapOrganizerApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi("/openapi/{documentName}.json");

        endpoints.MapScalarApiReference(o => o.WithTitle("KhConferenceBot – API Ban Tổ chức / Organizer API"))
            .RequireAuthorization(OrganizerAuthentication.PagePolicy);

        var api = endpoints.MapGroup(RoutePrefix)
            .WithTags("Organizer")
            .RequireAuthorization(OrganizerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        var conferences = api.MapGroup("/conferences");
        var organizer = api.MapGroup(ConferencePrefix)
            .RequireAuthorization(ConferencePolicies.Organizer)
            .ProducesProblem(StatusCodes.Status404NotFound);
        var reception = api.MapGroup(ConferencePrefix)
            .RequireAuthorization(ConferencePolicies.Reception)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return new OrganizerRoutes(api, conferences, organizer, reception);
    }
}
