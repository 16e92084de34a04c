using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class PeerChunkReplicas
{
    [LoggerMessage(EventId = 4991, Level = LogLevel.Warning, Message = "Chunk {ChunkId} failed here; served the bytes from node {Node}")]
    private partial void LogServedFromReplica(string chunkId, string node);

    [LoggerMessage(EventId = 4992, Level = LogLevel.Warning, Message = "Chunk {ChunkId} repaired with the copy of node {Node}")]
    private partial void LogRepaired(string chunkId, string node);
}
