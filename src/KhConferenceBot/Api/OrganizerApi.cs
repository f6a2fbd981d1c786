using Scalar.AspNetCore;

namespace KhConferenceBot.Api;

/// <summary>
/// The organizer HTTP API: one /api/organizer route group behind the <see cref="OrganizerAuthentication.Policy"/>
/// policy, its signed download links, the OpenAPI document and the interactive API page.
/// </summary>
public static class OrganizerApi
{
    public const string RoutePrefix = "/api/organizer";

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

    /// <summary>Maps the group every feature adds its organizer endpoints to, plus the OpenAPI document and page.</summary>
    public static RouteGroupBuilder MapOrganizerApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi("/openapi/{documentName}.json");

        endpoints.MapScalarApiReference(o => o.WithTitle("KhConferenceBot – API Ban Tổ chức / Organizer API"))
            .RequireAuthorization(OrganizerAuthentication.PagePolicy);

        return endpoints.MapGroup(RoutePrefix)
            .WithTags("Organizer")
            .RequireAuthorization(OrganizerAuthentication.Policy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }
}
