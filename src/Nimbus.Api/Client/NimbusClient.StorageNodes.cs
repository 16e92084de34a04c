using System.Net.Http.Json;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Client;

/// <summary>Storage node registration (object-store nodes, like edges, live on a lease).</summary>
public sealed partial class NimbusClient
{
    public Task<StorageNode> RegisterStorageNodeAsync(StorageNode node, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"v1/storagenodes/{Uri.EscapeDataString(node.Metadata.Name)}", JsonContent.Create(node, NimbusJson.Default.StorageNode),
            NimbusJson.Default.StorageNode, ct);

    /// <summary>Renews the node's lease; a <see cref="NimbusApiException"/> with 404 means it must register again.</summary>
    public Task StorageNodeHeartbeatAsync(string name, CancellationToken ct) =>
        SendWithoutAnswerAsync(HttpMethod.Post, $"v1/storagenodes/{Uri.EscapeDataString(name)}/heartbeat", ct);

    public Task DeregisterStorageNodeAsync(string name, CancellationToken ct) =>
        SendWithoutAnswerAsync(HttpMethod.Delete, $"v1/storagenodes/{Uri.EscapeDataString(name)}", ct);

    public Task<ResourceList<StorageNode>> ListStorageNodesAsync(CancellationToken ct) =>
        ListAsync("storagenodes", NimbusJson.Default.ResourceListStorageNode, ct);
}
