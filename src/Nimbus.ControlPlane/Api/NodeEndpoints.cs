using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Events;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>Agents register their node and heartbeat through these.</summary>
internal static class NodeEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        // Register: create the node, or take it back after a restart (same agent id, or the old holder is gone).
        v1.MapPost("/nodes", async (HttpRequest request, ResourceRepository<Node> nodes, EventRecorder events, TimeProvider time, ControlPlaneOptions options, CancellationToken ct) =>
        {
            var (node, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.Node, ct);
            if (error is not null)
            {
                return error;
            }
            var errors = Validate(node!);
            if (errors.Count > 0)
            {
                return Problems.Invalid(errors);
            }
            var name = node!.Metadata.Name;
            var existing = await nodes.GetAsync(ObjectMeta.DefaultProject, name, ct);
            node.Metadata.Project = ObjectMeta.DefaultProject;
            node.Status = new NodeStatus
            {
                Phase = NodePhase.Ready,
                Heartbeat = time.GetUtcNow(),
                Free = node.Spec.Capacity,
                Limits = node.Status.Limits,
                // Four beats per timeout: a node is declared NotReady only after several in a row went missing.
                HeartbeatInterval = options.NodeTimeout / 4,
            };
            WriteResult<Node> result;
            if (existing is null)
            {
                result = await nodes.CreateAsync(node, ct);
            }
            else
            {
                if (existing.Spec.AgentId != node.Spec.AgentId && existing.Status.Phase == NodePhase.Ready)
                {
                    return Problems.Conflict($"node '{name}' is held by another live agent (agent id {existing.Spec.AgentId}); give this agent another --name or stop the other one");
                }
                node.Metadata.Id = existing.Metadata.Id;
                node.Metadata.Created = existing.Metadata.Created;
                node.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
                result = await nodes.UpdateAsync(node, ct);
            }
            if (!result.Succeeded)
            {
                return Respond.WriteFailure(result, "node", name, node.Metadata.ResourceVersion);
            }
            await events.NormalAsync($"node/{name}", "", "NodeRegistered", $"node {name} joined in zone {node.Spec.Zone} with {node.Spec.Capacity}", ct);
            return Respond.Json(result.Value!, NimbusJson.Default.Node);
        }).WithName("register-node").Accepts<Node>("application/json").Produces<Node>();

        // Heartbeat: the agent reports its status; the control plane stamps the time with its own clock.
        v1.MapPut("/nodes/{name}/status", async (string name, HttpRequest request, ResourceRepository<Node> nodes, TimeProvider time, ControlPlaneOptions options, CancellationToken ct) =>
        {
            var (status, error) = await JsonBody.ReadAsync(request, NimbusJson.Default.NodeStatus, ct);
            if (error is not null)
            {
                return error;
            }
            var updated = await nodes.MutateAsync(ObjectMeta.DefaultProject, name, node =>
            {
                node.Status.Phase = status!.Phase == NodePhase.NotReady ? NodePhase.NotReady : NodePhase.Ready;
                node.Status.Heartbeat = time.GetUtcNow();
                node.Status.Limits = status.Limits;
                node.Status.Message = status.Message;
                node.Status.HeartbeatInterval = options.NodeTimeout / 4;
                return true;
            }, ct);
            return updated is null ? Problems.NotFound("node", name) : Respond.Json(updated, NimbusJson.Default.Node);
        }).WithName("put-node-status").Accepts<NodeStatus>("application/json").Produces<Node>();

        v1.MapDelete("/nodes/{name}", async (string name, ResourceRepository<Node> nodes, CancellationToken ct) =>
        {
            var result = await nodes.DeleteAsync(ObjectMeta.DefaultProject, name, 0, ct);
            return result.Succeeded ? Results.NoContent() : Problems.NotFound("node", name);
        }).WithName("delete-node");
    }

    private static Dictionary<string, string[]> Validate(Node node)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Names.IsValid(node.Metadata.Name))
        {
            errors["metadata.name"] = [$"'{node.Metadata.Name}' is not a valid node name: {Names.Rule}"];
        }
        if (!Names.IsValid(node.Spec.Zone))
        {
            errors["spec.zone"] = [$"'{node.Spec.Zone}' is not a valid zone name: {Names.Rule}"];
        }
        if (node.Spec.Capacity.CpuMillis <= 0 || node.Spec.Capacity.MemoryBytes <= 0)
        {
            errors["spec.capacity"] = ["cpu and memory capacity must be positive"];
        }
        if (!Uri.TryCreate(node.Spec.Address, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            errors["spec.address"] = ["the agent's endpoint must be an absolute http(s) URL"];
        }
        return errors;
    }
}
