using Microsoft.Extensions.Options;

namespace KhConferenceBot.Features.Delegates;

public static class DelegatesFeature
{
    public static IServiceCollection AddDelegatesFeature(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OrganizerOptions>()
            .Bind(configuration.GetSection(OrganizerOptions.SectionName))
            .Validate(o => string.IsNullOrEmpty(o.LinkSigningKey) || o.LinkSigningKey.Length >= 32, "Organizer:LinkSigningKey must be at least 32 characters.")
            .Validate(o => string.IsNullOrEmpty(o.LocalApiKey) || o.LocalApiKey.Length >= 16, "Organizer:LocalApiKey must be at least 16 characters.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || o.MetadataAddress is not null, "Organizer:Authority must be an absolute URL.")
            .ValidateOnStart();
        services.AddSingleton<OrganizerOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<OrganizerOptions>>(sp => sp.GetRequiredService<OrganizerOptionsSetup>());

        services.AddSingleton<IDelegateStore, TableDelegateStore>();
        services.AddSingleton<DelegateImporter>();
        services.AddSingleton<DelegateImportGate>();
        services.AddSingleton<ExportLinkSigner>();
        services.AddSingleton<OrganizerAuthenticator>();
        services.AddHttpClient(OrganizerAuthenticator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHostedService<SampleDelegatesLoader>();
        services.AddOpenApi();
        return services;
    }

    public static IEndpointRouteBuilder MapDelegatesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOrganizerEndpoints();
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        return endpoints;
    }
}
