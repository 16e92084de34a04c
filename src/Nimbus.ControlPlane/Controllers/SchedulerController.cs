using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.Scheduling;

namespace Nimbus.ControlPlane.Controllers;

/// <summary>Places pending instances on nodes (see <see cref="Placement"/>), or records why they wait.</summary>
internal sealed class SchedulerController(ResourceRepository<Instance> instances) : IController
{
    public string Name => "scheduler";

    public async ValueTask ReconcileAsync(ClusterSnapshot snapshot, CancellationToken ct)
    {
        var placed = snapshot.Instances.ToList();
        foreach (var instance in snapshot.Instances.Where(i => i.Spec.Node.Length == 0 && !i.Spec.Stop).OrderBy(i => i.Metadata.Created))
        {
            var choice = Placement.Choose(instance, snapshot.Nodes, placed);
            if (choice.Node is { } node)
            {
                instance.Spec.Node = node.Metadata.Name;
                instance.Spec.Zone = node.Spec.Zone;
                instance.Status.Message = $"placed on {node.Metadata.Name} in {node.Spec.Zone}";
                await instances.UpdateAsync(instance, ct).ConfigureAwait(false);
            }
            else if (instance.Status.Message != choice.Reason)
            {
                instance.Status.Phase = InstancePhase.Pending;
                instance.Status.Message = choice.Reason!;
                await instances.UpdateAsync(instance, ct).ConfigureAwait(false);
            }
        }
    }
}
