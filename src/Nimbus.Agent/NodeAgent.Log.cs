using Microsoft.Extensions.Logging;

namespace Nimbus.Agent;

internal sealed partial class NodeAgent
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "node {Node} registered in zone {Zone} with {Capacity}")]
    private partial void LogRegistered(string node, string zone, string capacity);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "cannot register with {Api}: {Reason}; retrying")]
    private partial void LogRegisterFailed(string api, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "heartbeat failed: {Reason}")]
    private partial void LogHeartbeatFailed(string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "ended {Count} instance process groups left running by a previous agent run")]
    private partial void LogLeftoversKilled(int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "instance watch broke ({Reason}); listing again")]
    private partial void LogWatchBroken(string reason);
}
