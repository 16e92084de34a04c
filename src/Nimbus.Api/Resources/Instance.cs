namespace Nimbus.Api.Resources;

/// <summary>One running copy of a release, placed on a node by the scheduler and run by that node's agent.</summary>
public sealed class Instance : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public InstanceSpec Spec { get; set; } = new();
    public InstanceStatus Status { get; set; } = new();
}

public sealed class InstanceSpec
{
    public string App { get; set; } = "";
    /// <summary>Release resource name, e.g. "hello-v2".</summary>
    public string Release { get; set; } = "";
    public int Version { get; set; }
    /// <summary>Node the scheduler placed it on; empty while pending.</summary>
    public string Node { get; set; } = "";
    public string Zone { get; set; } = "";
    public ComputeResources Resources { get; set; } = ComputeResources.Zero;
    /// <summary>True when the instance should drain and stop (scale-in, rollout, destroy).</summary>
    public bool Stop { get; set; }
}

public sealed class InstanceStatus
{
    public string Phase { get; set; } = InstancePhase.Pending;
    public bool Ready { get; set; }
    /// <summary>True once the instance has passed its health check at least once.</summary>
    public bool EverReady { get; set; }
    public int Pid { get; set; }
    /// <summary>host:port the instance serves on.</summary>
    public string Address { get; set; } = "";
    public int Restarts { get; set; }
    public string LastExit { get; set; } = "";
    public string Message { get; set; } = "";
    public DateTimeOffset? StartedAt { get; set; }
}

public static class InstancePhase
{
    public const string Pending = "Pending";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Crashed = "Crashed";
    public const string Stopping = "Stopping";
    public const string Stopped = "Stopped";
    public const string Failed = "Failed";
}
