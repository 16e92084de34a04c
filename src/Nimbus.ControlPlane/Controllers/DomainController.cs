using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Domains;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Removes the domains of apps that no longer exist (destroy deletes the app once its instances drained,
/// so a domain keeps routing until then), with their certificate files.</summary>
internal sealed class DomainController(ResourceRepository<Domain> domains, DomainCertificateFiles files, EventRecorder events) : IController
{
    public string Name => "domains";

    public async ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken ct)
    {
        var (items, _) = await domains.ListAsync(ObjectMeta.DefaultProject, ct).ConfigureAwait(false);
        foreach (var domain in items)
        {
            if (snapshot.Apps.Any(a => a.Metadata.Name == domain.Spec.App))
            {
                continue;
            }
            var host = domain.Metadata.Name;
            var deleted = await domains.DeleteAsync(domain.Metadata.Project, host, domain.Metadata.ResourceVersion, ct).ConfigureAwait(false);
            if (deleted.Succeeded)
            {
                files.Delete(host);
                await events.NormalAsync($"domain/{host}", domain.Spec.App, "DomainRemoved", $"{host} removed with its app", ct).ConfigureAwait(false);
            }
        }
    }
}
