using System.Net;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>Edges register here and keep their record alive with a lease: an edge that stops heartbeating is
/// removed by the store itself (and with it its DNS answers), with no controller to get wrong.</summary>
internal static class EdgeEndpoints
{
    public static void Map(RouteGroupBuilder v1) => LeasedNodeEndpoints.Map(v1, new LeasedNodeRegistration<EdgeNode>
    {
        Singular = "edge",
        EventPrefix = "Edge",
        TypeInfo = NimbusJson.Default.EdgeNode,
        Validate = Validate,
        Holder = e => e.Spec.Holder,
        Lease = e => e.Status.Lease,
        // The control plane sends the cluster token to this URL: an edge may only name itself.
        OwnUrl = e => ("spec.admin", e.Spec.Admin),
        SetStatus = (e, lease, now, heartbeat) => e.Status = new EdgeNodeStatus { Lease = lease, Registered = now, HeartbeatInterval = heartbeat },
        HeldElsewhere = (existing, name, timeout) =>
            $"edge '{name}' is held by another live edge (at {existing.Spec.Http}); give this one another --name, or wait {timeout.TotalSeconds:0}s if that edge is gone",
        Joined = e => $"edge {e.Metadata.Name} joined in zone {e.Spec.Zone}: http {e.Spec.Http}, https {e.Spec.Https}, dns {e.Spec.Dns}",
    });

    private static Dictionary<string, string[]> Validate(EdgeNode edge)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!Names.IsValid(edge.Metadata.Name))
        {
            errors["metadata.name"] = ["must be a DNS label: a-z, 0-9 and '-', at most 63 characters"];
        }
        if (edge.Spec.Holder.Length is 0 or > 64)
        {
            errors["spec.holder"] = ["must be the edge process's random id (1–64 characters)"];
        }
        if (!Names.IsValid(edge.Spec.Zone))
        {
            errors["spec.zone"] = ["must be a DNS label such as 'local-a'"];
        }
        foreach (var (field, value) in new[] { ("spec.http", edge.Spec.Http), ("spec.https", edge.Spec.Https), ("spec.dns", edge.Spec.Dns) })
        {
            if (value.Length > 0 && !IPEndPoint.TryParse(value, out _))
            {
                errors[field] = [$"'{value}' is not an address:port such as 127.0.0.1:8080"];
            }
        }
        if (!Uri.TryCreate(edge.Spec.Admin, UriKind.Absolute, out var admin) || admin.Scheme is not ("http" or "https"))
        {
            errors["spec.admin"] = [$"'{edge.Spec.Admin}' is not an http(s) URL"];
        }
        return errors;
    }
}
