namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Where a chunk's copies go (pure): this node first, then one node in each other zone, then other nodes, until there
/// are <c>replicas</c>. Within each step, live nodes come before gone ones (a gone node's copy is queued for its
/// return), and ties are broken by rendezvous hashing on (chunk, node), so chunks spread evenly over a zone's nodes
/// and every writer picks the same nodes for the same chunk.
/// </summary>
internal static class ChunkPlacement
{
    public static IReadOnlyList<StorageNodeInfo> Choose(string chunkId, StorageNodeInfo local, StorageNodeSet nodes, int replicas)
    {
        var chosen = new List<StorageNodeInfo>(replicas) { local };
        if (replicas <= 1)
        {
            return chosen;
        }
        var candidates = new List<(StorageNodeInfo Node, ulong Rank)>(nodes.Nodes.Count);
        foreach (var node in nodes.Nodes.Values)
        {
            if (node.Id != local.Id)
            {
                candidates.Add((node, Rank(chunkId, node.Id)));
            }
        }
        candidates.Sort(static (a, b) =>
            a.Node.Alive != b.Node.Alive ? (a.Node.Alive ? -1 : 1) : b.Rank.CompareTo(a.Rank) is var c and not 0 ? c : string.CompareOrdinal(a.Node.Id, b.Node.Id));
        var zones = new HashSet<string>(StringComparer.Ordinal) { local.Zone };
        // Distinct zones first (a zone's best node is its first in the sorted order), then any node left.
        foreach (var (node, _) in candidates)
        {
            if (chosen.Count < replicas && zones.Add(node.Zone))
            {
                chosen.Add(node);
            }
        }
        foreach (var (node, _) in candidates)
        {
            if (chosen.Count < replicas && !chosen.Contains(node))
            {
                chosen.Add(node);
            }
        }
        return chosen;
    }

    /// <summary>A write needs this many durable copies: a majority of the replicas.</summary>
    public static int Quorum(int replicas) => replicas / 2 + 1;

    /// <summary>FNV-1a over both ids, then a SplitMix64 finaliser so near-identical ids rank independently.</summary>
    private static ulong Rank(string chunkId, string nodeId)
    {
        var h = 14695981039346656037UL;
        foreach (var c in chunkId)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        h = (h ^ '/') * 1099511628211UL;
        foreach (var c in nodeId)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
