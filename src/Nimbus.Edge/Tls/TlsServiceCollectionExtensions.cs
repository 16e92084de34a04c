using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Client;

namespace Nimbus.Edge.Tls;

internal static class TlsServiceCollectionExtensions
{
    /// <summary><see cref="EdgeCertificates"/> over the control plane (needs a <see cref="NimbusClient"/> registered).</summary>
    public static IServiceCollection AddEdgeCertificates(this IServiceCollection services, Action<EdgeCertificateOptions>? configure = null)
    {
        var options = new EdgeCertificateOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICertificateIssuer>(sp => new ControlPlaneCertificateIssuer(sp.GetRequiredService<NimbusClient>()));
        services.TryAddSingleton(sp => new EdgeCertificates(
            sp.GetRequiredService<ICertificateIssuer>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EdgeCertificates>>(), options));
        return services;
    }
}
