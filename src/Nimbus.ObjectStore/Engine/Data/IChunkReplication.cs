namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Copies of chunk files on other storage nodes, for writes: <see cref="LocalDataStore"/> writes each chunk locally and
/// hands it here. <see cref="NoChunkReplication"/> keeps the single local copy.
/// </summary>
internal interface IChunkReplication
{
    /// <summary>
    /// Pushes each (locally durable) chunk to the other nodes chosen for it until a majority of <paramref name="replicas"/>
    /// copies is durable; copies that failed are queued for catch-up. Returns the chunks with the node ids holding (or
    /// queued to hold) a copy, this node first. Throws <see cref="ReplicationQuorumException"/> without a majority.
    /// </summary>
    ValueTask<IReadOnlyList<ChunkRef>> ReplicateAsync(IReadOnlyList<ChunkRef> chunks, int replicas, CancellationToken cancellationToken);

    /// <summary>Deletes the other nodes' copies of chunks no longer referenced (best effort; queued for nodes that are down).</summary>
    void Release(IReadOnlyList<ChunkRef> chunks);
}
