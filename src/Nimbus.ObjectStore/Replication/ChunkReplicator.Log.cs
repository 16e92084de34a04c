using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class ChunkReplicator
{
    [LoggerMessage(EventId = 4971, Level = LogLevel.Information, Message = "Copy of chunk {ChunkId} for node {Node} did not land now; queued for catch-up")]
    private partial void LogCopyQueued(string chunkId, string node);

    [LoggerMessage(EventId = 4972, Level = LogLevel.Warning, Message = "Chunk {ChunkId} reached {Durable} durable copies of {Replicas}: no write quorum, the write fails")]
    private partial void LogQuorumFailed(string chunkId, int durable, int replicas);
}
