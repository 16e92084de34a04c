using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Api;

/// <summary>Talks to edges' own endpoints: their traffic counters, caches, recent requests' traces and access logs live there.</summary>
internal sealed class EdgeClient(ControlPlaneOptions options) : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3), PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public Task<AppTraffic?> TrafficAsync(EdgeNode edge, string app, CancellationToken ct) =>
        CallAsync(edge, HttpMethod.Get, $"/v1/traffic/{Uri.EscapeDataString(app)}", NimbusJson.Default.AppTraffic, ct);

    public Task<CachePurgeResult?> PurgeAsync(EdgeNode edge, string app, string path, CancellationToken ct) =>
        CallAsync(edge, HttpMethod.Post, $"/v1/cache/{Uri.EscapeDataString(app)}/purge?path={Uri.EscapeDataString(path)}", NimbusJson.Default.CachePurgeResult, ct);

    public Task<TraceList?> TracesAsync(EdgeNode edge, string? app, int limit, CancellationToken ct) =>
        CallAsync(edge, HttpMethod.Get, $"/v1/traces?limit={limit}" + (app is null ? "" : $"&app={Uri.EscapeDataString(app)}"), NimbusJson.Default.TraceList, ct);

    public Task<TraceView?> TraceAsync(EdgeNode edge, string id, CancellationToken ct) =>
        CallAsync(edge, HttpMethod.Get, $"/v1/traces/{Uri.EscapeDataString(id)}", NimbusJson.Default.TraceView, ct);

    public IAsyncEnumerable<LogLine> FollowAccessAsync(EdgeNode edge, string app, Microsoft.AspNetCore.Http.QueryString query, CancellationToken ct) =>
        LogSource.FollowAsync(_http, $"{edge.Spec.Admin.TrimEnd('/')}/v1/access/{Uri.EscapeDataString(app)}{query}", options.AdminToken, ct);

    /// <summary>Null when the edge did not answer in time or answered an error: the others still count.</summary>
    private async Task<T?> CallAsync<T>(EdgeNode edge, HttpMethod method, string path, JsonTypeInfo<T> typeInfo, CancellationToken ct)
        where T : class
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        using var request = new HttpRequestMessage(method, edge.Spec.Admin.TrimEnd('/') + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.AdminToken);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync(typeInfo, timeout.Token).ConfigureAwait(false) : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
