using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Controllers;

internal sealed class ClusterSnapshotReader(
    ResourceRepository<Node> nodes,
    ResourceRepository<App> apps,
    ResourceRepository<Release> releases,
    ResourceRepository<Instance> instances,
    TimeProvider time)
{
    public async ValueTask<ClusterSnapshot> ReadAsync(CancellationToken ct)
    {
        var project = ObjectMeta.DefaultProject;
        return new ClusterSnapshot(
            (await nodes.ListAsync(project, ct).ConfigureAwait(false)).Items,
            (await apps.ListAsync(project, ct).ConfigureAwait(false)).Items,
            (await releases.ListAsync(project, ct).ConfigureAwait(false)).Items,
            (await instances.ListAsync(project, ct).ConfigureAwait(false)).Items,
            time.GetUtcNow());
    }
}
