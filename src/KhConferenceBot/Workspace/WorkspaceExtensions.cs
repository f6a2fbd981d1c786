using KhConferenceBot.Common;
using KhConferenceBot.Conferences;
using Microsoft.FluentUI.AspNetCore.Components;

namespace KhConferenceBot.Workspace;

/// <summary>
/// The organizers' workspace: a Blazor Web App (interactive server) under /organizer, shown as the app's personal tab in
/// Teams and usable in a browser. Its pages call the same services as the chat commands, in-process.
/// </summary>
public static class WorkspaceExtensions
{
    /// <summary>
    /// Where the tab may be framed: Teams (web, new and classic) and Microsoft 365, nobody else (clickjacking). Blazor
    /// writes it as the pages' frame-ancestors; its default, 'self', would keep the tab out of Teams.
    /// </summary>
    private const string FrameAncestors = "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.teams.cloud.microsoft https://*.office.com https://*.cloud.microsoft";

    public static IServiceCollection AddWorkspace(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkspaceOptions>().Bind(configuration.GetSection(WorkspaceOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddFluentUIComponents();
        services.AddCascadingAuthenticationState();
        services.AddWorkspaceAuthentication();
        services.AddScoped<WorkspaceSession>();
        services.AddSingleton<WorkspaceAccess>();
        services.AddSingleton<DelegateTable>();
        services.AddSingleton<TabLinks>();
        services.AddSingleton<IWorkspaceLinks>(sp => sp.GetRequiredService<TabLinks>());

        services.AddWorkspacePage(new WorkspaceNavEntry("", new BilingualText("Tổng quan", "Overview"), 0));
        services.AddWorkspacePage(new WorkspaceNavEntry("delegates", new BilingualText("Đại biểu", "Delegates"), 10));
        services.AddWorkspacePage(new WorkspaceNavEntry("invitation", new BilingualText("Giấy mời", "Invitation"), 20));
        services.AddWorkspacePage(new WorkspaceNavEntry("questions", new BilingualText("Câu hỏi", "Questions"), 40));
        services.AddWorkspacePage(new WorkspaceNavEntry("exports", new BilingualText("Xuất dữ liệu", "Exports"), 60));
        services.AddWorkspacePage(new WorkspaceNavEntry("desk", new BilingualText("Bàn đón tiếp", "Reception desk"), 65, WorkspaceAudience.Organizer | WorkspaceAudience.Reception));
        services.AddWorkspacePage(new WorkspaceNavEntry("people", new BilingualText("Người phụ trách", "People"), 70));
        services.AddWorkspacePage(new WorkspaceNavEntry("agenda", new BilingualText("Chương trình", "Agenda"), 30));
        return services;
    }

    public static WebApplication MapWorkspace(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // In Development, MapStaticAssets adds a GET fallback for every path ("{**path:file}") that answers 404 for
        // anything not a file; it took away the 405 of every POST-only route (GET /api/messages). No asset of ours
        // needs that runtime fallback.
        app.Configuration["DisableStaticAssetNotFoundRuntimeFallback"] = "true";
        app.MapStaticAssets();
        app.MapWorkspaceSignIn();

        // The policy covers the pages and the live connection (/_blazor) alike; the sign-in page opts out.
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = FrameAncestors)
            .RequireAuthorization(WorkspaceAuthentication.Policy);
        return app;
    }
}
