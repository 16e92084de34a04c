using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class WriteForwarder
{
    [LoggerMessage(EventId = 4937, Level = LogLevel.Warning, Message = "Passing an S3 write on to the metadata node {Leader} failed: {Reason}")]
    private partial void LogForwardFailed(string leader, string reason);
}
