namespace Nimbus.Api.Contracts;

/// <summary>One of an app's series from the control plane's store (<c>GET /v1/apps/{app}/metrics</c>).</summary>
public sealed class MetricSeries
{
    public string App { get; set; } = "";
    /// <summary>rps, errors, p50, p95, inflight, cpu or mem.</summary>
    public string Metric { get; set; } = "";
    public string Unit { get; set; } = "";
    /// <summary>Seconds between points: 1 in the recent window, 10 beyond it.</summary>
    public double StepSeconds { get; set; }
    public List<MetricPoint> Points { get; set; } = [];
}

/// <summary>A point of a series; no value when there was nothing to measure (a latency in a second without requests).</summary>
public sealed class MetricPoint
{
    public DateTimeOffset Time { get; set; }
    public double? Value { get; set; }
}
