using Microsoft.Extensions.Logging;

namespace Nimbus.Agent.Instances;

internal sealed partial class InstanceManager
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "instance {Instance} started on port {Port}")]
    private partial void LogStarted(string instance, int port);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "instance {Instance} cannot start: {Reason}")]
    private partial void LogStartFailed(string instance, string reason, Exception? exception);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "instance {Instance} stopped")]
    private partial void LogStopped(string instance);

    [LoggerMessage(EventId = 204, Level = LogLevel.Warning, Message = "could not remove the cgroup of leftover instance {Instance}: {Reason}")]
    private partial void LogCgroupCleanupFailed(string instance, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "could not report status of {Instance}: {Reason}; retrying")]
    private partial void LogReportFailed(string instance, string reason);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "could not remove unused releases: {Reason}")]
    private partial void LogPruneFailed(string reason);

    [LoggerMessage(EventId = 206, Level = LogLevel.Error, Message = "starting or stopping instance {Instance} failed")]
    private partial void LogTransitionFailed(string instance, Exception exception);
}
