using Nimbus.Api.Resources;

namespace Nimbus.Agent;

/// <summary>Settings of one node agent.</summary>
public sealed class AgentOptions
{
    /// <summary>Control-plane API base URL.</summary>
    public Uri JoinUrl { get; set; } = new("http://127.0.0.1:7070");
    public string Token { get; set; } = "";
    public string Region { get; set; } = "local";
    public string Zone { get; set; } = "local-a";
    /// <summary>Node name; empty = "ZONE-" plus the start of the agent id.</summary>
    public string Name { get; set; } = "";
    public string DataDirectory { get; set; } = "";
    /// <summary>What this node offers; null = the machine divided by <see cref="MachineShare"/>.</summary>
    public ComputeResources? Capacity { get; set; }
    /// <summary>How many agents split this machine (<c>up --zones N</c>).</summary>
    public int MachineShare { get; set; } = 1;
    public string ListenAddress { get; set; } = "127.0.0.1";
    public int Port { get; set; }
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>Time an instance gets between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGrace { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>When the whole agent stops, the longest any instance drains (each drains for its release's
    /// <c>edge.drain</c>, all at once, but no longer than this). Zero stops instances at once.</summary>
    public TimeSpan ShutdownDrain { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan BuildTimeout { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>Log files older than this are deleted (the current file of a running instance never is).</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(7);
    /// <summary>The most log bytes kept per app on this node; past it the oldest files go first.</summary>
    public long LogBytesPerApp { get; set; } = 256L * 1024 * 1024;
    /// <summary>How often the retention pass runs.</summary>
    public TimeSpan LogRetentionInterval { get; set; } = TimeSpan.FromMinutes(1);
}
