using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nimbus.Api.Client;
using Nimbus.ObjectStore.S3.Auth;

namespace Nimbus.ObjectStore.Keys;

public static class AccessKeyServiceCollectionExtensions
{
    /// <summary>Follows the access keys of the control plane at <paramref name="controlPlane"/> (list + watch, with
    /// <paramref name="token"/>) as a hosted service; <see cref="ICredentialStore"/> resolves to it. Reuses a
    /// <see cref="NimbusClient"/> already registered.</summary>
    public static IServiceCollection AddAccessKeyFollower(this IServiceCollection services, Uri controlPlane, string token)
    {
        if (services.Any(d => d.ServiceType == typeof(AccessKeyFollower)))
        {
            // Registered already: a second hosted service would start the same follower twice.
            return services;
        }
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new NimbusClient(controlPlane, token));
        services.AddSingleton<AccessKeyFollower>();
        services.TryAddSingleton<ICredentialStore>(sp => sp.GetRequiredService<AccessKeyFollower>());
        services.AddHostedService(sp => sp.GetRequiredService<AccessKeyFollower>());
        return services;
    }
}
