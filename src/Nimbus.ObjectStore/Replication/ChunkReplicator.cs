using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// Replicated writes: each staged chunk (already durable here) goes to the other nodes <see cref="ChunkPlacement"/>
/// chooses, in parallel; the write stands once a majority of the copies is durable, and the others get
/// <see cref="ReplicationOptions.StragglerGrace"/> more before they are left to the <see cref="CatchUpQueue"/> (as are
/// copies for nodes that are down). The layout names every chosen node: those that acknowledged and those the
/// catch-up will fill. Releases are queued too, and the <see cref="CatchUpReplicator"/> sends them within a second.
/// </summary>
internal sealed partial class ChunkReplicator(
    NodeIdentity identity,
    IStorageNodeView nodes,
    IChunkPeers peers,
    CatchUpQueue queue,
    ChunkPaths paths,
    ReplicationOptions options,
    TimeProvider time,
    ILogger<ChunkReplicator> logger) : IChunkReplication
{
    public async ValueTask<IReadOnlyList<ChunkRef>> ReplicateAsync(IReadOnlyList<ChunkRef> chunks, int replicas, CancellationToken cancellationToken)
    {
        if (replicas <= 1 || chunks.Count == 0)
        {
            return chunks;
        }
        var snapshot = nodes.Current;
        var self = identity.Self;
        var tasks = new Task<(ChunkRef Chunk, int Durable)>[chunks.Count];
        for (var i = 0; i < chunks.Count; i++)
        {
            tasks[i] = ReplicateOneAsync(chunks[i], replicas, snapshot, self, cancellationToken);
        }
        var done = await Task.WhenAll(tasks).ConfigureAwait(false);
        var result = new ChunkRef[done.Length];
        var quorum = ChunkPlacement.Quorum(replicas);
        ChunkRef? shortChunk = null;
        var durable = 0;
        for (var i = 0; i < done.Length; i++)
        {
            result[i] = done[i].Chunk;
            if (done[i].Durable < quorum && shortChunk is null)
            {
                shortChunk = done[i].Chunk;
                durable = done[i].Durable;
            }
        }
        if (shortChunk is not null)
        {
            // Nothing of this write stays anywhere: the copies that did land are deleted through the queue.
            Release(result);
            LogQuorumFailed(shortChunk.Id, durable, replicas);
            throw new ReplicationQuorumException(
                $"chunk {shortChunk.Id} reached {durable} of the {quorum} copies a write needs ({replicas} replicas); too many storage nodes are unreachable");
        }
        return result;
    }

    public void Release(IReadOnlyList<ChunkRef> chunks)
    {
        foreach (var chunk in chunks)
        {
            foreach (var node in chunk.Replicas)
            {
                if (node != identity.Id && NodeIdentity.IsValidId(node))
                {
                    queue.Enqueue(node, chunk.Id, CatchUpOperation.Delete);
                }
            }
        }
    }

    private async Task<(ChunkRef Chunk, int Durable)> ReplicateOneAsync(ChunkRef chunk, int replicas, StorageNodeSet snapshot, StorageNodeInfo self, CancellationToken ct)
    {
        var targets = ChunkPlacement.Choose(chunk.Id, self, snapshot, replicas);
        var ids = new string[targets.Count];
        ids[0] = self.Id;
        var path = paths.FileOf(chunk.Id);
        var pushes = new List<(StorageNodeInfo Node, Task<PushResult> Push)>(targets.Count - 1);
        for (var i = 1; i < targets.Count; i++)
        {
            var node = targets[i];
            ids[i] = node.Id;
            if (node.Alive)
            {
                pushes.Add((node, peers.PutAsync(node, chunk.Id, path, ct)));
            }
            else
            {
                queue.Enqueue(node.Id, chunk.Id, CatchUpOperation.Put);
            }
        }
        var quorum = ChunkPlacement.Quorum(replicas);
        var durable = 1; // the local copy, fsynced before we got here
        var waiting = new List<Task<PushResult>>(pushes.Count);
        foreach (var (_, push) in pushes)
        {
            waiting.Add(push);
        }
        var counted = new HashSet<Task<PushResult>>();
        while (durable < quorum && waiting.Count > 0)
        {
            var finished = await Task.WhenAny(waiting).ConfigureAwait(false);
            waiting.Remove(finished);
            counted.Add(finished);
            if (await finished.ConfigureAwait(false) == PushResult.Ok)
            {
                durable++;
            }
        }
        if (waiting.Count > 0)
        {
            // Quorum reached (or not reachable): the rest may finish within the grace, or catch up later.
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(Task.WhenAll(waiting), Task.Delay(options.StragglerGrace, time, grace.Token)).ConfigureAwait(false);
            await grace.CancelAsync().ConfigureAwait(false);
        }
        foreach (var (node, push) in pushes)
        {
            var ok = push.IsCompletedSuccessfully && push.Result == PushResult.Ok;
            if (ok && !counted.Contains(push))
            {
                durable++;
            }
            else if (!ok)
            {
                queue.Enqueue(node.Id, chunk.Id, CatchUpOperation.Put);
                LogCopyQueued(chunk.Id, node.Id);
            }
        }
        return (new ChunkRef(chunk.Id, chunk.Length, ids), durable);
    }
}
