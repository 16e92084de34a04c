using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// The other copies of chunks, on the storage nodes: a block that fails its checksum here is read from a replica the
/// layout names (ranged GET of the same bytes of the byte-identical chunk file; the caller verifies them), and the
/// scrubber's repair fetches the whole file from a live node that has it, verifies every block, and replaces the
/// local copy atomically.
/// </summary>
internal sealed partial class PeerChunkReplicas(
    NodeIdentity identity, IStorageNodeView nodes, IChunkPeers peers, PeerChunkStore store, ILogger<PeerChunkReplicas> logger) : IChunkReplicaSource
{
    public async ValueTask<bool> TryReadAsync(ChunkRef chunk, long fileOffset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var snapshot = nodes.Current;
        foreach (var id in chunk.Replicas)
        {
            if (id != identity.Id && snapshot.TryGet(id, out var node) && node.Alive
                && await peers.ReadAsync(node, chunk.Id, fileOffset, destination, cancellationToken).ConfigureAwait(false))
            {
                LogServedFromReplica(chunk.Id, id);
                return true;
            }
        }
        return false;
    }

    public async ValueTask<bool> TryRepairAsync(string chunkId, string localPath, CancellationToken cancellationToken)
    {
        // The copy goes where this node keeps the chunk, which is where the scrubber found it (localPath).
        if (!ChunkIds.IsValid(chunkId))
        {
            return false;
        }
        // The scrubber knows no layout, so any live node may hold a copy: the ones that do not answer 404.
        foreach (var node in nodes.Current.Nodes.Values)
        {
            if (node.Id == identity.Id || !node.Alive)
            {
                continue;
            }
            var temp = store.NewTempPath();
            try
            {
                if (await peers.DownloadAsync(node, chunkId, temp, cancellationToken).ConfigureAwait(false)
                    && await store.InstallAsync(chunkId, temp, cancellationToken).ConfigureAwait(false))
                {
                    LogRepaired(chunkId, node.Id);
                    return true;
                }
            }
            finally
            {
                File.Delete(temp);
            }
        }
        return false;
    }
}
