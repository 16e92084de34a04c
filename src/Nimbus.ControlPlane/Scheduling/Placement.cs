using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Scheduling;

/// <summary>Chooses a node for an instance: among Ready nodes with room for its cpu and memory, the zone with the
/// fewest instances of the same app, then the node with the fewest of them, then the node with the most room.
/// A pure function of its inputs, so it is tested without a cluster.</summary>
public static class Placement
{
    public static PlacementResult Choose(Instance instance, IReadOnlyList<Node> nodes, IReadOnlyList<Instance> placed)
    {
        var request = instance.Spec.Resources;
        if (nodes.Count == 0)
        {
            return PlacementResult.Pending("no nodes have joined; start an agent with 'nimbus agent --join URL --token T'");
        }
        var ready = nodes.Where(n => n.Status.Phase == NodePhase.Ready).ToList();
        if (ready.Count == 0)
        {
            return PlacementResult.Pending($"no Ready nodes ({nodes.Count} NotReady)");
        }

        var used = new Dictionary<string, ComputeResources>(StringComparer.Ordinal);
        var sameAppByNode = new Dictionary<string, int>(StringComparer.Ordinal);
        var sameAppByZone = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var other in placed)
        {
            if (other.Spec.Node.Length == 0 || other.Metadata.Name == instance.Metadata.Name || !Reserves(other))
            {
                continue;
            }
            used[other.Spec.Node] = used.GetValueOrDefault(other.Spec.Node, ComputeResources.Zero).Add(other.Spec.Resources);
            if (other.Spec.App == instance.Spec.App && !other.Spec.Stop)
            {
                sameAppByNode[other.Spec.Node] = sameAppByNode.GetValueOrDefault(other.Spec.Node) + 1;
                sameAppByZone[other.Spec.Zone] = sameAppByZone.GetValueOrDefault(other.Spec.Zone) + 1;
            }
        }

        Node? best = null;
        (int zone, int node, long freeCpu, long freeMem) bestKey = default;
        var reasons = new List<string>();
        foreach (var node in ready)
        {
            var free = node.Spec.Capacity.Subtract(used.GetValueOrDefault(node.Metadata.Name, ComputeResources.Zero));
            if (!free.Fits(request))
            {
                reasons.Add($"{node.Metadata.Name} has {free} free");
                continue;
            }
            var key = (sameAppByZone.GetValueOrDefault(node.Spec.Zone), sameAppByNode.GetValueOrDefault(node.Metadata.Name), -free.CpuMillis, -free.MemoryBytes);
            if (best is null || key.CompareTo(bestKey) < 0 || (key.CompareTo(bestKey) == 0 && string.CompareOrdinal(node.Metadata.Name, best.Metadata.Name) < 0))
            {
                best = node;
                bestKey = key;
            }
        }
        return best is not null
            ? PlacementResult.Placed(best)
            : PlacementResult.Pending($"no Ready node has {request} free ({string.Join("; ", reasons)})");
    }

    /// <summary>Whether an instance still holds its share of a node: everything placed that has not finished stopping.</summary>
    public static bool Reserves(Instance instance) => !(instance.Spec.Stop && instance.Status.Phase == InstancePhase.Stopped);

    /// <summary>What a node has left after the instances placed on it.</summary>
    public static ComputeResources Free(Node node, IEnumerable<Instance> instances)
    {
        var free = node.Spec.Capacity;
        foreach (var instance in instances)
        {
            if (instance.Spec.Node == node.Metadata.Name && Reserves(instance))
            {
                free = free.Subtract(instance.Spec.Resources);
            }
        }
        return free;
    }
}
