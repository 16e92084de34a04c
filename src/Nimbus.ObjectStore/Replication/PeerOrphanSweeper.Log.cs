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

    [LoggerMessage(EventId = 4996, Level = LogLevel.Warning, Message = "Orphan sweep: this node's metadata refers to no chunk, yet the peers hold {Unknown} old chunk copies; deleting none. Was the metadata database replaced or emptied? If those copies are truly garbage, delete them on the peers by hand")]
    private partial void LogEmptyMetadata(int unknown);

    [LoggerMessage(EventId = 4997, Level = LogLevel.Warning, Message = "Orphan sweep of the peers is off: interval {Interval} must be positive and the grace {Grace} at least a minute")]
    private partial void LogSweepDisabled(TimeSpan interval, TimeSpan grace);
}
