using System.Net.Http.Json;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Client;

/// <summary>Edge registration, and what the control plane gathers from the edges.</summary>
public sealed partial class NimbusClient
{
    public Task<EdgeNode> RegisterEdgeAsync(EdgeNode edge, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, $"v1/edges/{Uri.EscapeDataString(edge.Metadata.Name)}", JsonContent.Create(edge, NimbusJson.Default.EdgeNode), NimbusJson.Default.EdgeNode, ct);

    /// <summary>Renews the edge's lease; a <see cref="NimbusApiException"/> with 404 means the edge must register again.</summary>
    public Task EdgeHeartbeatAsync(string name, CancellationToken ct) =>
        SendWithoutAnswerAsync(HttpMethod.Post, $"v1/edges/{Uri.EscapeDataString(name)}/heartbeat", ct);

    public Task DeregisterEdgeAsync(string name, CancellationToken ct) =>
        SendWithoutAnswerAsync(HttpMethod.Delete, $"v1/edges/{Uri.EscapeDataString(name)}", ct);

    public Task<AppTraffic> GetTrafficAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{Uri.EscapeDataString(app)}/traffic", null, NimbusJson.Default.AppTraffic, ct);

    public Task<CachePurgeResult> PurgeCacheAsync(string app, string? path, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{Uri.EscapeDataString(app)}/cache/purge" + (string.IsNullOrEmpty(path) ? "" : "?path=" + Uri.EscapeDataString(path)),
            null, NimbusJson.Default.CachePurgeResult, ct);

    private async Task SendWithoutAnswerAsync(HttpMethod method, string path, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(RequestTimeout);
        try
        {
            using var request = new HttpRequestMessage(method, path);
            using var response = await _http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {BaseAddress}{path} got no answer within {RequestTimeout.TotalSeconds:0}s");
        }
    }
}
