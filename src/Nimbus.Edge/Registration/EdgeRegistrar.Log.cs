using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Registration;

internal sealed partial class EdgeRegistrar
{
    [LoggerMessage(EventId = 3201, Level = LogLevel.Information, Message = "Edge {Edge} registered in zone {Zone}")]
    private partial void LogRegistered(string edge, string zone);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Registering with the control plane at {ControlPlane} failed ({Reason}); retrying")]
    private partial void LogRegisterFailed(string controlPlane, string reason);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "Edge heartbeat failed ({Reason}); the next one tries again")]
    private partial void LogHeartbeatFailed(string reason);
}
