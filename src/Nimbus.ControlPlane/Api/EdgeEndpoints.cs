using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Api;

/// <summary>Edges register here and keep their record alive with a lease: an edge that stops heartbeating is
/// removed by the store itself (and with it its DNS answers), with no controller to get wrong.</summary>
internal static class EdgeEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPut("/edges/{name}", async (string name, HttpRequest request, HttpContext context, ResourceRepository<EdgeNode> edges, IStateStore store,
            EventRecorder events, TimeProvider time, ControlPlaneOptions options, CancellationToken ct) =>
        {
            var (edge, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.EdgeNode, ct);
            if (error is not null)
            {
                return error;
            }
            edge!.Metadata.Name = name;
            var errors = Validate(edge);
            if (errors.Count == 0 && !IsOwnAddress(edge.Spec.Admin, context.Connection.RemoteIpAddress))
            {
                // The control plane sends the cluster token to this URL: an edge may only name itself.
                errors["spec.admin"] = [$"'{edge.Spec.Admin}' must be on the address this edge registers from ({context.Connection.RemoteIpAddress})"];
            }
            if (errors.Count > 0)
            {
                return Problems.Invalid(errors);
            }
            var existing = await edges.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (existing is not null && existing.Spec.Holder != edge.Spec.Holder)
            {
                // The record lives only while its lease is kept alive, so it existing means another edge holds the name.
                return Problems.Conflict($"edge '{name}' is held by another live edge (at {existing.Spec.Http}); give this one another --name, or wait {options.NodeTimeout.TotalSeconds:0}s if that edge is gone");
            }
            if (existing is not null)
            {
                await store.RevokeLeaseAsync(existing.Status.Lease, ct);
            }
            var lease = await store.GrantLeaseAsync(options.NodeTimeout, ct);
            edge.Metadata.Project = ObjectMeta.DefaultProject;
            edge.Metadata.Id = existing?.Metadata.Id ?? "";
            edge.Metadata.Created = existing?.Metadata.Created ?? default;
            edge.Status = new EdgeNodeStatus { Lease = lease, Registered = time.GetUtcNow(), HeartbeatInterval = options.NodeTimeout / 4 };
            var result = await edges.PutWithLeaseAsync(edge, lease, ct);
            if (!result.Succeeded)
            {
                return Respond.WriteFailure(result, "edge", name, 0);
            }
            if (existing is null)
            {
                await events.NormalAsync($"edge/{name}", "", "EdgeRegistered", $"edge {name} joined in zone {edge.Spec.Zone}: http {edge.Spec.Http}, https {edge.Spec.Https}, dns {edge.Spec.Dns}", ct);
            }
            return Respond.Json(result.Value!, NimbusJson.Default.EdgeNode);
        }).WithName("register-edge").Accepts<EdgeNode>("application/json").Produces<EdgeNode>();

        // Heartbeat: renews the lease. 404 tells the edge its record is gone (it timed out) and it must register again.
        v1.MapPost("/edges/{name}/heartbeat", async (string name, ResourceRepository<EdgeNode> edges, IStateStore store, CancellationToken ct) =>
        {
            var edge = await edges.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (edge is null || !await store.KeepAliveAsync(edge.Status.Lease, ct))
            {
                return Problems.NotFound("edge", name);
            }
            return Results.NoContent();
        }).WithName("edge-heartbeat");

        v1.MapDelete("/edges/{name}", async (string name, ResourceRepository<EdgeNode> edges, IStateStore store, EventRecorder events, CancellationToken ct) =>
        {
            var edge = await edges.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (edge is null)
            {
                return Problems.NotFound("edge", name);
            }
            await store.RevokeLeaseAsync(edge.Status.Lease, ct);
            await edges.DeleteAsync(ObjectMeta.DefaultProject, name, 0, ct);
            await events.NormalAsync($"edge/{name}", "", "EdgeLeft", $"edge {name} stopped", ct);
            return Results.NoContent();
        }).WithName("deregister-edge");
    }

    /// <summary>The admin URL's host is the registering peer itself (any loopback address counts as loopback).</summary>
    private static bool IsOwnAddress(string admin, IPAddress? peer)
    {
        if (peer is null || !IPAddress.TryParse(new Uri(admin).Host.Trim('[', ']'), out var host))
        {
            return false;
        }
        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }
        return IPAddress.IsLoopback(peer) ? IPAddress.IsLoopback(host) : host.Equals(peer);
    }

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
