namespace Nimbus.Api.Resources;

/// <summary>A machine (or a share of one) that runs instances; registered by its agent.</summary>
public sealed class Node : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public NodeSpec Spec { get; set; } = new();
    public NodeStatus Status { get; set; } = new();
}

public sealed class NodeSpec
{
    public string Region { get; set; } = "local";
    public string Zone { get; set; } = "";
    /// <summary>Base URL of the agent's own endpoint (logs), e.g. http://127.0.0.1:41234.</summary>
    public string Address { get; set; } = "";
    /// <summary>Stable id of the agent process's data dir, so a second agent cannot take over a live node's name.</summary>
    public string AgentId { get; set; } = "";
    public ComputeResources Capacity { get; set; } = ComputeResources.Zero;
}

public sealed class NodeStatus
{
    public string Phase { get; set; } = NodePhase.NotReady;
    public DateTimeOffset? Heartbeat { get; set; }
    /// <summary>What the instances on this node have not reserved (computed by the control plane).</summary>
    public ComputeResources Free { get; set; } = ComputeResources.Zero;
    public int Instances { get; set; }
    /// <summary>How limits are enforced: "cgroup v2", "cgroup v1" or "none: why".</summary>
    public string Limits { get; set; } = "";
    public string Message { get; set; } = "";
    /// <summary>How often the control plane wants heartbeats: a quarter of its NotReady timeout.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }
}

public static class NodePhase
{
    public const string Ready = "Ready";
    public const string NotReady = "NotReady";
}
