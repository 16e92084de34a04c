namespace Nimbus.Api.Resources;

/// <summary>A running edge (reverse proxy, TLS, cache, DNS). It exists while its lease is kept alive: an edge that
/// stops heartbeating disappears by itself, and with it its DNS answers.</summary>
public sealed class EdgeNode : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public EdgeNodeSpec Spec { get; set; } = new();
    public EdgeNodeStatus Status { get; set; } = new();
}

public sealed class EdgeNodeSpec
{
    public string Zone { get; set; } = "";
    /// <summary>Random per edge process: a second live edge cannot take over a name another one holds.</summary>
    public string Holder { get; set; } = "";
    /// <summary>host:port of the plain-HTTP listener.</summary>
    public string Http { get; set; } = "";
    /// <summary>host:port of the HTTPS listener.</summary>
    public string Https { get; set; } = "";
    /// <summary>host:port of the DNS server (UDP and TCP).</summary>
    public string Dns { get; set; } = "";
    /// <summary>Base URL of the edge's own authenticated endpoint (traffic counters, cache purge).</summary>
    public string Admin { get; set; } = "";
}

public sealed class EdgeNodeStatus
{
    /// <summary>The store lease that keeps this record alive; renewed by the edge's heartbeat.</summary>
    public long Lease { get; set; }
    public DateTimeOffset? Registered { get; set; }
    /// <summary>How often the control plane wants heartbeats.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }
}
