namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>A single node: every chunk has its one local copy.</summary>
internal sealed class NoChunkReplication : IChunkReplication
{
    public static readonly NoChunkReplication Instance = new();

    public ValueTask<IReadOnlyList<ChunkRef>> ReplicateAsync(IReadOnlyList<ChunkRef> chunks, int replicas, CancellationToken cancellationToken) =>
        ValueTask.FromResult(chunks);

    public void Release(IReadOnlyList<ChunkRef> chunks)
    {
    }
}
