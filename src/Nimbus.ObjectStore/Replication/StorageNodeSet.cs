using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// An immutable snapshot of the storage nodes: every node seen since start, alive or not (a node that went away is
/// remembered, so writes can still place its copies and queue them for when it returns). Swapped whole by the follower.
/// </summary>
internal sealed class StorageNodeSet
{
    public static readonly StorageNodeSet Empty = new(ImmutableDictionary.Create<string, StorageNodeInfo>(StringComparer.Ordinal));

    public StorageNodeSet(ImmutableDictionary<string, StorageNodeInfo> nodes)
    {
        Nodes = nodes;
        var zones = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes.Values)
        {
            if (node.Alive)
            {
                zones.Add(node.Zone);
            }
        }
        LiveZones = zones.Count;
    }

    public ImmutableDictionary<string, StorageNodeInfo> Nodes { get; }

    /// <summary>Zones with at least one live node.</summary>
    public int LiveZones { get; }

    /// <summary>Copies each chunk of a new bucket gets: one per zone, at most 3, at least 1.</summary>
    public int ReplicasForNewBucket => Math.Clamp(LiveZones, 1, 3);

    /// <summary>The live metadata node other than <paramref name="self"/> (the lowest id, should several say so), or null.</summary>
    public StorageNodeInfo? MetadataNode(string self)
    {
        StorageNodeInfo? leader = null;
        foreach (var node in Nodes.Values)
        {
            if (node.Metadata && node.Alive && node.Id != self && (leader is null || string.CompareOrdinal(node.Id, leader.Id) < 0))
            {
                leader = node;
            }
        }
        return leader;
    }

    public bool TryGet(string id, [NotNullWhen(true)] out StorageNodeInfo? node) => Nodes.TryGetValue(id, out node);

    public StorageNodeSet With(StorageNodeInfo node) => new(Nodes.SetItem(node.Id, node));

    /// <summary>The node marked gone (kept, for placement and catch-up); unchanged when unknown.</summary>
    public StorageNodeSet Without(string id) => Nodes.TryGetValue(id, out var node) ? new(Nodes.SetItem(id, node with { Alive = false })) : this;
}
