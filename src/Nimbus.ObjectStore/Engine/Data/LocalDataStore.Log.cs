using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Engine.Data;

internal sealed partial class LocalDataStore
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Deleted {Count} orphaned chunk or temp files")]
    private static partial void LogSweptOrphans(ILogger logger, int count);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Could not delete chunk {ChunkId} ({Error}); the next startup sweep will")]
    private static partial void LogDeleteFailed(ILogger logger, string chunkId, string error);
}
