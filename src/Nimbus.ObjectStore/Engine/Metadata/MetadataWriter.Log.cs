using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Engine.Metadata;

internal sealed partial class MetadataWriter
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "Object metadata operation {Operation} failed; the rest of its batch commits")]
    private static partial void LogOperationFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "Object metadata batch of {Count} operations failed to commit")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Releasing object data after a commit failed; the startup sweep will collect it")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}
