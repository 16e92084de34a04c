using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Engine;

internal sealed partial class ObjectEngine
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Object engine opened its metadata in {Directory}")]
    private static partial void LogOpened(ILogger logger, string directory);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Object engine closed its metadata in {Directory}")]
    private static partial void LogClosed(ILogger logger, string directory);
}
