namespace Nimbus.Agent.Runtime;

/// <summary>An immutable snapshot of a supervised instance.</summary>
/// <param name="Phase">One of <see cref="Nimbus.Api.Resources.InstancePhase"/>: Starting, Running, Crashed (waiting
/// to restart), Stopping, Stopped.</param>
/// <param name="Ready">Passing its readiness check now.</param>
/// <param name="EverReady">Passed its readiness check at least once, in any run.</param>
/// <param name="Pid">Lead process (and process group) id; 0 when not running.</param>
/// <param name="Address"><c>127.0.0.1:&lt;port&gt;</c>.</param>
/// <param name="Restarts">How many times the process was started again after exiting.</param>
/// <param name="LastExit">"exit code 3", "killed by SIGKILL", "OOM-killed", "failed to start: …"; empty before any exit.</param>
/// <param name="Message">What is going on, for humans ("restarting in 500ms", "health check failing: 503").</param>
/// <param name="StartedAt">When the current (or last) process was started.</param>
public sealed record InstanceState(
    string Phase,
    bool Ready,
    bool EverReady,
    int Pid,
    string Address,
    int Restarts,
    string LastExit,
    string Message,
    DateTimeOffset? StartedAt)
{
    /// <summary>The status the agent reports to the control plane for this snapshot.</summary>
    public Api.Resources.InstanceStatus ToStatus() => new()
    {
        Phase = Phase,
        Ready = Ready,
        EverReady = EverReady,
        Pid = Pid,
        Address = Address,
        Restarts = Restarts,
        LastExit = LastExit,
        Message = Message,
        StartedAt = StartedAt,
    };
}
