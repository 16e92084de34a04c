namespace Nimbus.Api.Resources;

/// <summary>A running object-store node (issue 4): named by its stable node id, it exists while its lease is kept
/// alive, so the set of live storage nodes — and the zones replicas can go to — is what the control plane lists.</summary>
public sealed class StorageNode : IResource
{
    public ObjectMeta Metadata { get; set; } = new();
    public StorageNodeSpec Spec { get; set; } = new();
    public StorageNodeStatus Status { get; set; } = new();
}

public sealed class StorageNodeSpec
{
    public string Zone { get; set; } = "";
    /// <summary>Random per node process: a second live process cannot take over a node id another one holds.</summary>
    public string Holder { get; set; } = "";
    /// <summary>Base URL of the node's peer listener (the chunk API, bearer-token auth with the cluster token).</summary>
    public string Peer { get; set; } = "";
    /// <summary>True for the metadata node: it serves S3, and the other nodes copy the metadata from its change feed.</summary>
    public bool Metadata { get; set; }
    /// <summary>Base URL of the node's S3 endpoint (empty on a node that serves none).</summary>
    public string S3 { get; set; } = "";
}

public sealed class StorageNodeStatus
{
    /// <summary>The store lease that keeps this record alive; renewed by the node's heartbeat.</summary>
    public long Lease { get; set; }
    public DateTimeOffset? Registered { get; set; }
    /// <summary>How often the control plane wants heartbeats.</summary>
    public TimeSpan? HeartbeatInterval { get; set; }
}
