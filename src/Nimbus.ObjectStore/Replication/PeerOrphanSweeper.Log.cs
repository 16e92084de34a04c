using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class PeerOrphanSweeper
{
    [LoggerMessage(EventId = 4993, Level = LogLevel.Information, Message = "Orphan sweep of {Nodes} storage nodes: {Listed} chunk copies, {Deleted} orphans deleted, {Failed} nodes not reached")]
    private partial void LogSwept(int nodes, long listed, int deleted, int failed);

    [LoggerMessage(EventId = 4994, Level = LogLevel.Warning, Message = "Orphan sweep: storage node {Node} could not be listed ({Reason}); its orphans wait for the next sweep")]
    private partial void LogNodeFailed(string node, string reason);

    [LoggerMessage(EventId = 4995, Level = LogLevel.Error, Message = "An orphan sweep of the peers failed; the next one tries again")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(EventId = 4996, Level = LogLevel.Warning, Message = "Orphan sweep: {Orphans} of the {Held} chunk copies on storage node {Node} are unknown to this metadata; deleting none. Is this node's data directory from another cluster, or was its metadata lost?")]
    private partial void LogTooManyOrphans(string node, int orphans, long held);

    [LoggerMessage(EventId = 4997, Level = LogLevel.Warning, Message = "Orphan sweep of the peers is off: interval {Interval} must be positive and the grace {Grace} at least a minute")]
    private partial void LogSweepDisabled(TimeSpan interval, TimeSpan grace);
}
