using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Routing;

internal sealed partial class RouteFollower
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Following the control plane at {ControlPlane} broke ({Reason}); listing again")]
    private partial void LogFollowBroken(string controlPlane, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Routing table at revision {Revision}: {Apps} apps, {Hosts} hosts")]
    private partial void LogTablePublished(long revision, int apps, int hosts);
}
