
namespace KhConferenceBot.Features.Delegates;

public static class DelegatesFeature
{
    public static IServiceCollection AddDelegatesFeature(this IServiceCollection services)
    {
        services.AddSingleton<IDelegateStore, TableDelegateStore>();
        services.AddSingleton<Conferences.IPersonalDataEraser, DelegatePersonalData>();
        services.AddSingleton<Conferences.IConferenceDelegates, DelegateMembership>();
        services.AddSingleton<DelegateImporter>();
        services.AddSingleton<DelegateEditor>();
        services.AddSingleton<DelegateImportGate>();
        services.AddSingleton<Outbox.IOutboxRecipientCheck, RemovedDelegateCheck>();
        return services;
    }
}
