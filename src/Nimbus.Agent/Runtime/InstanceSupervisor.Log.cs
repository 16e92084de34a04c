using Microsoft.Extensions.Logging;

namespace Nimbus.Agent.Runtime;

public sealed partial class InstanceSupervisor
{
    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Debug, "Instance {InstanceId}: cgroup {Cgroup}")]
        public static partial void CgroupCreated(ILogger logger, string instanceId, string cgroup);

        [LoggerMessage(1101, LogLevel.Warning, "Instance {InstanceId} runs without resource limits: {Reason}")]
        public static partial void CgroupUnavailable(ILogger logger, string instanceId, string reason);

        [LoggerMessage(1102, LogLevel.Information, "Instance {InstanceId} started as pid {Pid} (restarts so far: {Restarts})")]
        public static partial void Started(ILogger logger, string instanceId, int pid, int restarts);

        [LoggerMessage(1103, LogLevel.Error, "Instance {InstanceId} could not be started")]
        public static partial void LaunchFailed(ILogger logger, string instanceId, Exception exception);

        [LoggerMessage(1104, LogLevel.Information, "Instance {InstanceId} (pid {Pid}) is ready")]
        public static partial void Ready(ILogger logger, string instanceId, int pid);

        [LoggerMessage(1105, LogLevel.Warning, "Instance {InstanceId} (pid {Pid}) is no longer ready: {Detail}")]
        public static partial void NotReady(ILogger logger, string instanceId, int pid, string detail);

        [LoggerMessage(1106, LogLevel.Warning, "Instance {InstanceId} (pid {Pid}) ended: {LastExit}; restarting in {Delay}")]
        public static partial void Exited(ILogger logger, string instanceId, int pid, string lastExit, TimeSpan delay);

        [LoggerMessage(1107, LogLevel.Warning, "Instance {InstanceId} (pid {Pid}) outlived its {Grace} stop grace; killing it")]
        public static partial void StopEscalated(ILogger logger, string instanceId, int pid, TimeSpan grace);

        [LoggerMessage(1108, LogLevel.Error, "Instance {InstanceId} (pid {Pid}) did not exit after SIGKILL")]
        public static partial void StopStuck(ILogger logger, string instanceId, int pid);

        [LoggerMessage(1109, LogLevel.Information, "Instance {InstanceId} stopped ({LastExit})")]
        public static partial void Stopped(ILogger logger, string instanceId, string lastExit);

        [LoggerMessage(1110, LogLevel.Error, "An InstanceSupervisor.Changed handler for {InstanceId} threw")]
        public static partial void HandlerFailed(ILogger logger, string instanceId, Exception exception);

        [LoggerMessage(1111, LogLevel.Warning, "Instance {InstanceId}: could not remove cgroup {Cgroup}")]
        public static partial void CgroupRemoveFailed(ILogger logger, string instanceId, string cgroup, Exception exception);

        [LoggerMessage(1112, LogLevel.Critical, "Supervision of instance {InstanceId} failed")]
        public static partial void LoopFailed(ILogger logger, string instanceId, Exception exception);

        [LoggerMessage(1113, LogLevel.Information, "Instance {InstanceId} (pid {Pid}) is draining: not ready, serving what it was sent for {Drain}")]
        public static partial void Draining(ILogger logger, string instanceId, int pid, TimeSpan drain);

        [LoggerMessage(1114, LogLevel.Debug, "Instance {InstanceId} (pid {Pid}): SIGTERM")]
        public static partial void Terminating(ILogger logger, string instanceId, int pid);
    }
}
