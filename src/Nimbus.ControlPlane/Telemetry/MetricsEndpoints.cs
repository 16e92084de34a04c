using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Nimbus.Api.Resources;
using Nimbus.Api.Telemetry;
using Nimbus.ControlPlane.Api;
using Nimbus.ControlPlane.Resources;

namespace Nimbus.ControlPlane.Telemetry;

/// <summary><c>GET /metrics</c>: the control plane's own metrics. <c>GET /v1/metrics/targets</c>: Prometheus HTTP
/// service discovery (http_sd) — every Nimbus process's metrics endpoint (this control plane, each Ready node agent,
/// and each edge and storage node whose lease is alive), so one scrape job with this URL covers the cloud. The targets need the
/// same bearer token as the API (Prometheus: <c>authorization: { credentials_file: &lt;data&gt;/credentials }</c>).
/// <c>?targets=apps</c> lists instead the ready instances of apps that serve their own metrics (<c>metrics:</c> in
/// nimbus.yaml), for a second job that sends them no token.</summary>
internal static class MetricsEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/metrics", (MetricsCollector metrics) => Results.Text(metrics.Scrape(), MetricsCollector.ContentType))
            .ExcludeFromDescription();

        app.MapGet("/v1/metrics/targets", async (HttpContext context, string? targets, ResourceRepository<Node> nodes,
            ResourceRepository<EdgeNode> edges, ResourceRepository<StorageNode> storage, ResourceRepository<App> apps,
            ResourceRepository<Release> releases, ResourceRepository<Instance> instances, CancellationToken ct) =>
        {
            if (targets is not (null or "nimbus" or "apps"))
            {
                await Problems.BadRequest($"'{targets}' is not a target set; use nimbus (the default) or apps", "targets").ExecuteAsync(context);
                return;
            }
            context.Response.ContentType = "application/json";
            if (targets == "apps")
            {
                await WriteAsync(context.Response.Body, await AppTargetsAsync(apps, releases, instances, ct), ct).ConfigureAwait(false);
                return;
            }
            var list = new List<ScrapeTarget>
            {
                new($"{context.Request.Scheme}://{context.Request.Host}", "control-plane", "", ""),
            };
            foreach (var node in (await nodes.ListAsync(null, ct)).Items.Where(n => n.Status.Phase == NodePhase.Ready))
            {
                list.Add(new(node.Spec.Address, "agent", node.Metadata.Name, node.Spec.Zone));
            }
            foreach (var edge in (await edges.ListAsync(null, ct)).Items)
            {
                list.Add(new(edge.Spec.Admin, "edge", edge.Metadata.Name, edge.Spec.Zone));
            }
            foreach (var node in (await storage.ListAsync(null, ct)).Items)
            {
                list.Add(new(node.Spec.Peer, "storage", node.Metadata.Name, node.Spec.Zone));
            }
            await WriteAsync(context.Response.Body, list, ct).ConfigureAwait(false);
        }).WithName("metrics-targets");
    }

    /// <summary>Every ready instance of every app whose running release names a <c>metrics:</c> path.</summary>
    private static async Task<List<ScrapeTarget>> AppTargetsAsync(ResourceRepository<App> apps, ResourceRepository<Release> releases,
        ResourceRepository<Instance> instances, CancellationToken ct)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        var (releaseList, _) = await releases.ListAsync(ObjectMeta.DefaultProject, ct).ConfigureAwait(false);
        foreach (var app in (await apps.ListAsync(ObjectMeta.DefaultProject, ct).ConfigureAwait(false)).Items)
        {
            var release = releaseList.Find(r => r.Spec.App == app.Metadata.Name && r.Spec.Label == app.Spec.Release);
            if (release?.Spec.Manifest.Metrics is { Length: > 0 } path)
            {
                paths[app.Metadata.Name] = path;
            }
        }
        var list = new List<ScrapeTarget>();
        foreach (var instance in (await instances.ListAsync(ObjectMeta.DefaultProject, ct).ConfigureAwait(false)).Items)
        {
            if (instance.Status.Ready && !instance.Spec.Stop && instance.Status.Address.Length > 0 && paths.TryGetValue(instance.Spec.App, out var path))
            {
                list.Add(new($"http://{instance.Status.Address}", "app", instance.Metadata.Name, instance.Spec.Zone, path, instance.Spec.App));
            }
        }
        return list;
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
            json.WriteString("__metrics_path__", target.Path ?? url.AbsolutePath.TrimEnd('/') + "/metrics");
            json.WriteString("nimbus_role", target.Role);
            if (target.App is not null)
            {
                json.WriteString("app", target.App);
            }
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

    private sealed record ScrapeTarget(string BaseUrl, string Role, string Name, string Zone, string? Path = null, string? App = null);
}
