using System.Diagnostics.Metrics;
using Nimbus.Api.Telemetry;

namespace Nimbus.ControlPlane.Telemetry;

/// <summary>The control plane's instruments (meter <c>Nimbus.ControlPlane</c>): API latency by route, and how far the
/// controllers run behind the store (from a change to the end of the pass that acted on it).</summary>
internal sealed class ControlPlaneMetrics
{
    public const string MeterName = "Nimbus.ControlPlane";

    /// <param name="factory">The host's meter factory.</param>
    /// <param name="collector">The host's collector: taken here so it listens before the first request counts.</param>
    public ControlPlaneMetrics(IMeterFactory factory, MetricsCollector collector)
    {
        GC.KeepAlive(collector);
        var meter = factory.Create(MeterName);
        ApiDuration = meter.CreateHistogram<double>("nimbus.api.request.duration", "s",
            "API request durations by method, route template and status class (watches and log follows last as long as they are open).");
        ControllerLag = meter.CreateHistogram<double>("nimbus.controller.lag", "s",
            "Time from a change in the store to the end of the controller pass that saw it.");
        ControllerPass = meter.CreateHistogram<double>("nimbus.controller.pass.duration", "s",
            "Time one controller took for one pass, by controller.");
    }

    public Histogram<double> ApiDuration { get; }

    public Histogram<double> ControllerLag { get; }

    public Histogram<double> ControllerPass { get; }
}
