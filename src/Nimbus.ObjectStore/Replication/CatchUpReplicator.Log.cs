using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class CatchUpReplicator
{
    [LoggerMessage(EventId = 4981, Level = LogLevel.Information, Message = "Storage node {Node} caught up on {Count} missed chunk copies and deletions")]
    private partial void LogCaughtUp(string node, int count);

    [LoggerMessage(EventId = 4982, Level = LogLevel.Debug, Message = "Storage node {Node} still fails catch-up; next try in {Backoff}")]
    private partial void LogNodeFailing(string node, TimeSpan backoff);

    [LoggerMessage(EventId = 4983, Level = LogLevel.Warning, Message = "A catch-up pass failed ({Reason}); the next one tries again")]
    private partial void LogPassFailed(string reason);
}
