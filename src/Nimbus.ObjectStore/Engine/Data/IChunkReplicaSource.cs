namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Other copies of chunks, for when the local one fails its checksums. Replication implements it; until then
/// <see cref="NoChunkReplicas"/> says there is none, and reads of a corrupt chunk fail cleanly.
/// </summary>
internal interface IChunkReplicaSource
{
    /// <summary>
    /// Reads <paramref name="destination"/>.Length stored bytes of the chunk at <paramref name="fileOffset"/> of its chunk
    /// file from another copy (chunk files are byte-identical across replicas). False when no copy could serve them;
    /// the caller verifies what it gets.
    /// </summary>
    ValueTask<bool> TryReadAsync(ChunkRef chunk, long fileOffset, Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>Replaces the corrupt local chunk file at <paramref name="localPath"/> with a verified copy. False when there is none.</summary>
    ValueTask<bool> TryRepairAsync(string chunkId, string localPath, CancellationToken cancellationToken);
}
