using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Api;
using Nimbus.ControlPlane.Resources;
using Nimbus.ControlPlane.Telemetry.Series;

namespace Nimbus.ControlPlane.Telemetry;

/// <summary><c>GET /v1/apps/{name}/metrics?metric=rps&amp;since=15m</c>: one of the app's series from the store.</summary>
internal static class AppMetricsEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/apps/{name}/metrics", async (string name, string? metric, string? since, ResourceRepository<App> apps,
            SeriesStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (await apps.GetAsync(ObjectMeta.DefaultProject, name, ct) is null)
            {
                return Problems.NotFound("app", name);
            }
            metric ??= "rps";
            if (!AppMetrics.TryParse(metric, out var which, out var unit))
            {
                return Problems.BadRequest($"'{metric}' is not a metric; use one of {string.Join(", ", AppMetrics.All.Select(m => m.Name))}", "metric");
            }
            since ??= "15m";
            if (!Quantities.TryParseDuration(since, out var window) || window <= TimeSpan.Zero || window > Series.AppSeries.Retention)
            {
                return Problems.BadRequest($"'{since}' is not a duration up to {Quantities.FormatDuration(Series.AppSeries.Retention)} (e.g. 90s, 15m, 2h)", "since");
            }
            var now = time.GetUtcNow();
            var (samples, step) = store.Since(name, now - window, now);
            var series = new MetricSeries { App = name, Metric = metric.ToLowerInvariant(), Unit = unit, StepSeconds = step.TotalSeconds };
            foreach (var sample in samples)
            {
                var value = sample.Get(which);
                series.Points.Add(new MetricPoint { Time = sample.Time, Value = double.IsFinite(value) ? Math.Round(value, 3) : null });
            }
            return Respond.Json(series, NimbusJson.Default.MetricSeries);
        }).WithName("app-metrics").Produces<MetricSeries>();
    }
}
