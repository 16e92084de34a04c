namespace Nimbus.Api.Contracts;

/// <summary><c>GET /v1/cluster</c>: facts about this Nimbus that edges and clients need.</summary>
public sealed class ClusterInfo
{
    /// <summary>The cloud domain: apps are reachable as <c>APP.DOMAIN</c> (default <c>nimbus.internal</c>).</summary>
    public string Domain { get; set; } = "";
}
