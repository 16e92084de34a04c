using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.Scheduling;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Marks nodes whose heartbeat stopped NotReady and moves their instances away (deleting them lets the
/// app controller start replacements on Ready nodes). Also keeps each node's free capacity current.</summary>
internal sealed class NodeLifecycleController(
    ResourceRepository<Node> nodes,
    ResourceRepository<Instance> instances,
    EventRecorder events,
    ControlPlaneOptions options,
    TimeProvider time) : IController
{
    // After a control-plane restart every heartbeat is old; give agents one timeout to report in.
    private readonly DateTimeOffset _started = time.GetUtcNow();

    public string Name => "nodes";

    public async ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken ct)
    {
        // Instances on a node whose record was deleted have nobody to run them: replace them like lost ones.
        foreach (var orphan in snapshot.Instances.Where(i => i.Spec.Node.Length > 0 && snapshot.FindNode(i.Spec.Node) is null))
        {
            await instances.DeleteAsync(orphan.Metadata.Project, orphan.Metadata.Name, orphan.Metadata.ResourceVersion, ct).ConfigureAwait(false);
        }
        foreach (var node in snapshot.Nodes)
        {
            var lastSeen = node.Status.Heartbeat is { } beat && beat > _started ? beat : _started;
            var expired = snapshot.Now - lastSeen > options.NodeTimeout;
            var ready = node.Status.Phase == NodePhase.Ready && !expired;
            if (node.Status.Phase == NodePhase.Ready && expired)
            {
                node.Status.Phase = NodePhase.NotReady;
                node.Status.Message = $"no heartbeat for {Math.Round((snapshot.Now - lastSeen).TotalSeconds)}s";
                if (!(await nodes.UpdateAsync(node, ct).ConfigureAwait(false)).Succeeded)
                {
                    continue;
                }
                await events.WarningAsync($"node/{node.Metadata.Name}", "", "NodeNotReady", $"node {node.Metadata.Name} is NotReady: {node.Status.Message}; its instances move to Ready nodes", ct).ConfigureAwait(false);
            }
            if (!ready)
            {
                foreach (var lost in snapshot.Instances.Where(i => i.Spec.Node == node.Metadata.Name))
                {
                    var result = await instances.DeleteAsync(lost.Metadata.Project, lost.Metadata.Name, lost.Metadata.ResourceVersion, ct).ConfigureAwait(false);
                    if (result.Succeeded && !lost.Spec.Stop)
                    {
                        await events.WarningAsync($"instance/{lost.Metadata.Name}", lost.Spec.App, "InstanceLost", $"instance {lost.Metadata.Name} was on NotReady node {node.Metadata.Name}; a replacement is scheduled", ct).ConfigureAwait(false);
                    }
                }
                continue;
            }
            var free = Placement.Free(node, snapshot.Instances);
            var count = snapshot.Instances.Count(i => i.Spec.Node == node.Metadata.Name && !i.Spec.Stop);
            if (node.Status.Free != free || node.Status.Instances != count)
            {
                node.Status.Free = free;
                node.Status.Instances = count;
                await nodes.UpdateAsync(node, ct).ConfigureAwait(false);
            }
        }
    }
}
