using KhConferenceBot.Conferences;
using KhConferenceBot.Features.Delegates;
using KhConferenceBot.Storage;

// In the DI namespace (like AddOutbox) so the host adds the caches with one line.
namespace Microsoft.Extensions.DependencyInjection;

public static class TurnCacheServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the stores every turn reads (the conference, the user's language and chosen conference, the person's roles
    /// and delegate rows) in read-through caches, so a turn in the steady state makes no storage call before its feature
    /// runs. Call after the stores (and the Delegates feature) are registered.
    /// </summary>
    public static IServiceCollection AddTurnCaches(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.Decorate<IConferenceStore>((inner, sp) => new CachingConferenceStore(inner, sp.GetRequiredService<TimeProvider>()));
        services.Decorate<IUserPreferenceStore>((inner, sp) => new CachingUserPreferenceStore(inner, sp.GetRequiredService<TableStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<MembershipCache>();
        services.Decorate<IConferenceRoleStore>((inner, sp) => new CachingConferenceRoleStore(inner, sp.GetRequiredService<MembershipCache>()));
        services.Decorate<IDelegateStore>((inner, sp) => new MembershipChangingDelegateStore(inner, sp.GetRequiredService<MembershipCache>()));
        return services;
    }

    /// <summary>Replaces the last registration of <typeparamref name="TService"/> by <paramref name="decorate"/> applied to it.</summary>
    private static void Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
        {
            index = services[i].ServiceType == typeof(TService) && !services[i].IsKeyedService ? i : -1;
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"{typeof(TService).Name} must be registered before it is decorated.");
        }

        var original = services[index];
        services[index] = ServiceDescriptor.Describe(typeof(TService), sp => decorate(Create<TService>(original, sp), sp), original.Lifetime);
    }

    private static TService Create<TService>(ServiceDescriptor original, IServiceProvider sp)
        where TService : class =>
        (TService)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, original.ImplementationType!));
}
