namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>A single node: there is no other copy of any chunk.</summary>
internal sealed class NoChunkReplicas : IChunkReplicaSource
{
    public static readonly NoChunkReplicas Instance = new();

    public ValueTask<bool> TryReadAsync(ChunkRef chunk, long fileOffset, Memory<byte> destination, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);

    public ValueTask<bool> TryRepairAsync(string chunkId, string localPath, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);
}
