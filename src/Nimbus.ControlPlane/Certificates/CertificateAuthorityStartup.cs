using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Nimbus.ControlPlane.Certificates;

/// <summary>Loads (or makes) the local CA while the host starts, so a corrupt CA stops start-up with its message
/// instead of failing the first TLS handshake much later.</summary>
internal sealed class CertificateAuthorityStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<LocalCertificateAuthority>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
