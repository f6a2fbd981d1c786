using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace KhConferenceBot.Api;

/// <summary>Declares the two ways in (Entra bearer, local key) and names them on every endpoint the policy guards.</summary>
internal sealed class OrganizerSecuritySchemes : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string Bearer = "Bearer";
    public const string Key = "OrganizerKey";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "Entra ID access token for the bot's app with the Organizer app role (when the bot has an identity).",
        };
        document.Components.SecuritySchemes[Key] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            Name = OrganizerAuthentication.KeyHeader,
            In = ParameterLocation.Header,
            Description = "Local mode only: Organizer:LocalApiKey (scripts/run prints it and keeps it in .local/).",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        // Two requirement objects: either scheme alone is enough.
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] });
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Key, context.Document)] = [] });
        return Task.CompletedTask;
    }
}
