using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class StorageNodeFollower
{
    [LoggerMessage(EventId = 4951, Level = LogLevel.Warning, Message = "Following storage nodes at {ControlPlane} broke ({Reason}); listing again")]
    private partial void LogFollowBroken(string controlPlane, string reason);

    [LoggerMessage(EventId = 4952, Level = LogLevel.Debug, Message = "Loaded {Count} storage nodes at revision {Revision}")]
    private partial void LogListed(int count, long revision);

    [LoggerMessage(EventId = 4953, Level = LogLevel.Information, Message = "Storage node {Node} is gone; its copies wait in the catch-up queue")]
    private partial void LogNodeGone(string node);
}
