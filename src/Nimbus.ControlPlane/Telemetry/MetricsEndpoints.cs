using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nimbus.Api.Resources;
using Nimbus.Api.Telemetry;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Telemetry;

/// <summary><c>GET /metrics</c>: the control plane's own metrics. <c>GET /v1/metrics/targets</c>: Prometheus HTTP
/// service discovery (http_sd) — every Nimbus process's metrics endpoint (this control plane, each Ready node agent,
/// and each edge and storage node whose lease is alive), so one scrape job with this URL covers the cloud. The targets need the
/// same bearer token as the API (Prometheus: <c>authorization: { credentials_file: &lt;data&gt;/credentials }</c>).</summary>
internal static class MetricsEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/metrics", (MetricsCollector metrics) => Results.Text(metrics.Scrape(), MetricsCollector.ContentType))
            .ExcludeFromDescription();

        app.MapGet("/v1/metrics/targets", async (HttpContext context, ResourceRepository<Node> nodes,
            ResourceRepository<EdgeNode> edges, ResourceRepository<StorageNode> storage, CancellationToken ct) =>
        {
            var targets = new List<ScrapeTarget>
            {
                new($"{context.Request.Scheme}://{context.Request.Host}", "control-plane", "", ""),
            };
            foreach (var node in (await nodes.ListAsync(null, ct)).Items.Where(n => n.Status.Phase == NodePhase.Ready))
            {
                targets.Add(new(node.Spec.Address, "agent", node.Metadata.Name, node.Spec.Zone));
            }
            foreach (var edge in (await edges.ListAsync(null, ct)).Items)
            {
                targets.Add(new(edge.Spec.Admin, "edge", edge.Metadata.Name, edge.Spec.Zone));
            }
            foreach (var node in (await storage.ListAsync(null, ct)).Items)
            {
                targets.Add(new(node.Spec.Peer, "storage", node.Metadata.Name, node.Spec.Zone));
            }
            context.Response.ContentType = "application/json";
            await WriteAsync(context.Response.Body, targets, ct).ConfigureAwait(false);
        }).WithName("metrics-targets");
    }

    /// <summary>http_sd's format: a list of target groups, each with targets (host:port) and labels; the scheme and
    /// path ride in the <c>__scheme__</c> and <c>__metrics_path__</c> labels.</summary>
    private static async Task WriteAsync(Stream body, List<ScrapeTarget> targets, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(body);
        json.WriteStartArray();
        foreach (var target in targets)
        {
            if (!Uri.TryCreate(target.BaseUrl, UriKind.Absolute, out var url))
            {
                continue; // a record registered before its listener was bound
            }
            json.WriteStartObject();
            json.WriteStartArray("targets");
            json.WriteStringValue(url.Authority);
            json.WriteEndArray();
            json.WriteStartObject("labels");
            json.WriteString("__scheme__", url.Scheme);
            json.WriteString("__metrics_path__", url.AbsolutePath.TrimEnd('/') + "/metrics");
            json.WriteString("nimbus_role", target.Role);
            if (target.Name.Length > 0)
            {
                json.WriteString("nimbus_name", target.Name);
            }
            if (target.Zone.Length > 0)
            {
                json.WriteString("nimbus_zone", target.Zone);
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        await json.FlushAsync(ct).ConfigureAwait(false);
    }

    private sealed record ScrapeTarget(string BaseUrl, string Role, string Name, string Zone);
}
