using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class MetadataFeed
{
    [LoggerMessage(EventId = 4931, Level = LogLevel.Information, Message = "Storage node {Node} gets a full copy of the metadata (it had log {Log} up to {After})")]
    private partial void LogFullCopy(string node, long log, long after);

    [LoggerMessage(EventId = 4932, Level = LogLevel.Debug, Message = "Trimmed {Deleted} entries of the metadata change log up to seq {Cut}")]
    private partial void LogTrimmed(int deleted, long cut);

    [LoggerMessage(EventId = 4933, Level = LogLevel.Warning, Message = "Trimming the metadata change log failed; the next round tries again")]
    private partial void LogTrimFailed(Exception exception);
}
