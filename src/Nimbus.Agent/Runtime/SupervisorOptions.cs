using Nimbus.Api.Resources;

namespace Nimbus.Agent.Runtime;

/// <summary>How to run one instance.</summary>
/// <param name="InstanceId">Names the cgroup and the log file; a single path segment.</param>
/// <param name="Command">Run as <c>/bin/sh -c Command</c>.</param>
/// <param name="WorkingDirectory">The release's directory; must be readable by <paramref name="RunAs"/>.</param>
/// <param name="Environment">The app's entire environment; <c>PORT</c> is added.</param>
/// <param name="Port">Loopback port the app must listen on; probed for readiness.</param>
/// <param name="Health">Readiness check path, interval and timeout.</param>
/// <param name="Limits">CPU quota and memory limit for the instance's cgroup.</param>
/// <param name="LogDirectory">Where <c>&lt;InstanceId&gt;.log</c> is written.</param>
/// <param name="RunAs">uid/gid to drop to (see <see cref="AppUser.Resolve"/>); null keeps the agent's user.</param>
/// <param name="StopGrace">How long a stopping instance gets between SIGTERM and SIGKILL.</param>
/// <param name="Drain">How long a ready instance keeps running, not ready, before SIGTERM (the release's
/// <c>edge.drain</c>): see <see cref="InstanceSupervisor.DrainAsync"/>.</param>
/// <param name="App">The app the instance belongs to (labels its metrics).</param>
public sealed record SupervisorOptions(
    string InstanceId,
    string Command,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    int Port,
    HealthCheck Health,
    ComputeResources Limits,
    string LogDirectory,
    (int Uid, int Gid)? RunAs,
    TimeSpan StopGrace,
    TimeSpan Drain = default,
    string App = "");
