using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>Object-store nodes register here on a lease, like edges: the live set says which zones chunk replicas can
/// go to and where each node's peer (chunk) API listens. Named by the node's stable id.</summary>
internal static class StorageNodeEndpoints
{
    public static void Map(RouteGroupBuilder v1) => LeasedNodeEndpoints.Map(v1, new LeasedNodeRegistration<StorageNode>
    {
        Singular = "storagenode",
        EventPrefix = "StorageNode",
        TypeInfo = NimbusJson.Default.StorageNode,
        Validate = Validate,
        Holder = n => n.Spec.Holder,
        Lease = n => n.Status.Lease,
        // Other nodes send the cluster token to the peer URL: a node may only name itself.
        OwnUrl = n => ("spec.peer", n.Spec.Peer),
        SetStatus = (n, lease, now, heartbeat) => n.Status = new StorageNodeStatus { Lease = lease, Registered = now, HeartbeatInterval = heartbeat },
        HeldElsewhere = (existing, name, timeout) =>
            $"storage node '{name}' is held by another live process (peer {existing.Spec.Peer}); two processes share one data directory? Stop one, or wait {timeout.TotalSeconds:0}s if it is gone",
        Joined = n => $"storage node {n.Metadata.Name} joined in zone {n.Spec.Zone}: peer {n.Spec.Peer}",
    });

    private static Dictionary<string, string[]> Validate(StorageNode node)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Names.IsValid(node.Metadata.Name))
        {
            errors["metadata.name"] = ["must be the node id, a DNS label: a-z, 0-9 and '-', at most 63 characters"];
        }
        if (node.Spec.Holder.Length is 0 or > 64)
        {
            errors["spec.holder"] = ["must be the node process's random id (1–64 characters)"];
        }
        if (!Names.IsValid(node.Spec.Zone))
        {
            errors["spec.zone"] = ["must be a DNS label such as 'local-a'"];
        }
        if (!Uri.TryCreate(node.Spec.Peer, UriKind.Absolute, out var peer) || peer.Scheme is not ("http" or "https"))
        {
            errors["spec.peer"] = [$"'{node.Spec.Peer}' is not an http(s) URL"];
        }
        return errors;
    }
}
