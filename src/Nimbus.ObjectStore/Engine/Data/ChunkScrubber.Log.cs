using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Engine.Data;

internal sealed partial class ChunkScrubber
{
    [LoggerMessage(EventId = 4210, Level = LogLevel.Error, Message = "Chunk {ChunkId} failed verification ({Path}); reads of it will fail unless another copy repairs it")]
    private static partial void LogCorruptChunk(ILogger logger, string chunkId, string path);

    [LoggerMessage(EventId = 4211, Level = LogLevel.Warning, Message = "Chunk {ChunkId} was repaired from another copy")]
    private static partial void LogChunkRepaired(ILogger logger, string chunkId);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Information, Message = "Scrub pass: {Checked} chunks checked, {Corrupt} corrupt, {Repaired} repaired, {Bytes} bytes in {Elapsed}")]
    private static partial void LogScrubDone(ILogger logger, long @checked, long corrupt, long repaired, long bytes, TimeSpan elapsed);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "Scrub pass stopped: {Error}")]
    private static partial void LogScrubFailed(ILogger logger, string error);
}
