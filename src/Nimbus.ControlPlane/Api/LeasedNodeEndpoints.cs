using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.State;

namespace Nimbus.ControlPlane.Api;

/// <summary>
/// PUT /v1/{kind}s/{name}, POST …/heartbeat and DELETE for nodes that keep their record alive with a lease: a node
/// that stops heartbeating is removed by the store itself, with no controller to get wrong. A record names a URL the
/// cluster token is sent to, so a node may only name itself; a name held by another live process is refused.
/// </summary>
internal static class LeasedNodeEndpoints
{
    public static void Map<T>(RouteGroupBuilder v1, LeasedNodeRegistration<T> kind)
        where T : class, IResource
    {
        var singular = kind.Singular;
        v1.MapPut($"/{singular}s/{{name}}", async (string name, HttpRequest request, HttpContext context, ResourceRepository<T> nodes, IStateStore store,
            EventRecorder events, TimeProvider time, ControlPlaneOptions options, CancellationToken ct) =>
        {
            var (node, error) = await JsonBody.ReadAsync(request, kind.TypeInfo, ct);
            if (error is not null)
            {
                return error;
            }
            node!.Metadata.Name = name;
            var errors = kind.Validate(node);
            var (field, url) = kind.OwnUrl(node);
            if (errors.Count == 0 && !IsOwnAddress(url, context.Connection.RemoteIpAddress))
            {
                errors[field] = [$"'{url}' must be on the address this {singular} registers from ({context.Connection.RemoteIpAddress})"];
            }
            if (errors.Count > 0)
            {
                return Problems.Invalid(errors);
            }
            var existing = await nodes.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (existing is not null && kind.Holder(existing) != kind.Holder(node))
            {
                // The record lives only while its lease is kept alive, so it existing means another process holds the name.
                return Problems.Conflict(kind.HeldElsewhere(existing, name, options.NodeTimeout));
            }
            if (existing is not null)
            {
                await store.RevokeLeaseAsync(kind.Lease(existing), ct);
            }
            var lease = await store.GrantLeaseAsync(options.NodeTimeout, ct);
            node.Metadata.Project = ObjectMeta.DefaultProject;
            node.Metadata.Id = existing?.Metadata.Id ?? "";
            node.Metadata.Created = existing?.Metadata.Created ?? default;
            kind.SetStatus(node, lease, time.GetUtcNow(), options.NodeTimeout / 4);
            var result = await nodes.PutWithLeaseAsync(node, lease, ct);
            if (!result.Succeeded)
            {
                return Respond.WriteFailure(result, singular, name, 0);
            }
            if (existing is null)
            {
                await events.NormalAsync($"{singular}/{name}", "", kind.EventPrefix + "Registered", kind.Joined(node), ct);
            }
            return Respond.Json(result.Value!, kind.TypeInfo);
        }).WithName($"register-{singular}").Accepts<T>("application/json").Produces<T>();

        // Heartbeat: renews the lease. 404 tells the node its record is gone (it timed out) and it must register again.
        v1.MapPost($"/{singular}s/{{name}}/heartbeat", async (string name, ResourceRepository<T> nodes, IStateStore store, CancellationToken ct) =>
        {
            var node = await nodes.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (node is null || !await store.KeepAliveAsync(kind.Lease(node), ct))
            {
                return Problems.NotFound(singular, name);
            }
            return Results.NoContent();
        }).WithName($"{singular}-heartbeat");

        v1.MapDelete($"/{singular}s/{{name}}", async (string name, ResourceRepository<T> nodes, IStateStore store, EventRecorder events, CancellationToken ct) =>
        {
            var node = await nodes.GetAsync(ObjectMeta.DefaultProject, name, ct);
            if (node is null)
            {
                return Problems.NotFound(singular, name);
            }
            await store.RevokeLeaseAsync(kind.Lease(node), ct);
            await nodes.DeleteAsync(ObjectMeta.DefaultProject, name, 0, ct);
            await events.NormalAsync($"{singular}/{name}", "", kind.EventPrefix + "Left", $"{singular} {name} stopped", ct);
            return Results.NoContent();
        }).WithName($"deregister-{singular}");
    }

    /// <summary>The URL's host is the registering peer itself (any loopback address counts as loopback).</summary>
    private static bool IsOwnAddress(string url, IPAddress? peer)
    {
        if (peer is null || !IPAddress.TryParse(new Uri(url).Host.Trim('[', ']'), out var host))
        {
            return false;
        }
        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }
        return IPAddress.IsLoopback(peer) ? IPAddress.IsLoopback(host) : host.Equals(peer);
    }
}
