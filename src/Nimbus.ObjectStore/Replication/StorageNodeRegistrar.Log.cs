using Microsoft.Extensions.Logging;

namespace Nimbus.ObjectStore.Replication;

internal sealed partial class StorageNodeRegistrar
{
    [LoggerMessage(EventId = 4961, Level = LogLevel.Information, Message = "Storage node {Node} registered in zone {Zone}, peer API at {Peer}")]
    private partial void LogRegistered(string node, string zone, string peer);

    [LoggerMessage(EventId = 4962, Level = LogLevel.Warning, Message = "Registering with the control plane at {ControlPlane} failed ({Reason}); retrying")]
    private partial void LogRegisterFailed(string controlPlane, string reason);

    [LoggerMessage(EventId = 4963, Level = LogLevel.Warning, Message = "Storage node heartbeat failed ({Reason}); the next one tries again")]
    private partial void LogHeartbeatFailed(string reason);
}
