using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;

namespace Nimbus.Api.Client;

/// <summary>What the control plane measured of an app, and starting an app that was scaled to zero.</summary>
public sealed partial class NimbusClient
{
    /// <summary>One of an app's series from the control plane's time-series store.</summary>
    public Task<MetricSeries> GetMetricsAsync(string app, string metric, string since, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, $"v1/apps/{Uri.EscapeDataString(app)}/metrics?metric={Uri.EscapeDataString(metric)}&since={Uri.EscapeDataString(since)}",
            null, NimbusJson.Default.MetricSeries, ct);

    /// <summary>Asks for an instance of an app scaled to zero (the edge does, when a request arrives for it); the app
    /// as it is afterwards. A no-op for an app that has instances or does not scale to zero.</summary>
    public Task<App> WakeAppAsync(string app, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"v1/apps/{Uri.EscapeDataString(app)}/wake", null, NimbusJson.Default.App, ct);
}
