namespace Nimbus.Api.Resources;

/// <summary>The <c>autoscale:</c> section of nimbus.yaml: keep the app between <see cref="Min"/> and <see cref="Max"/>
/// instances so that <see cref="Metric"/> stays near <see cref="Target"/> (the Kubernetes HPA rule).</summary>
public sealed class AutoscaleSettings
{
    /// <summary>0: the app scales to zero when idle, and the edge starts an instance when a request comes.</summary>
    public int Min { get; set; } = 1;
    public int Max { get; set; } = 1;
    /// <summary>One of <see cref="AutoscaleMetrics.All"/>.</summary>
    public string Metric { get; set; } = "";
    /// <summary>rps and inflight: per instance; cpu: percent of each instance's CPU (its <c>cpu:</c>); p95: milliseconds.</summary>
    public double Target { get; set; }
    /// <summary>How long the load must stay low before instances are removed (adding is never delayed).</summary>
    public TimeSpan ScaleDownWindow { get; set; } = DefaultScaleDownWindow;

    public static readonly TimeSpan DefaultScaleDownWindow = TimeSpan.FromSeconds(60);
}

public static class AutoscaleMetrics
{
    public const string Rps = "rps";
    public const string Cpu = "cpu";
    public const string P95 = "p95";
    public const string InFlight = "inflight";

    public static readonly string[] All = [Rps, Cpu, P95, InFlight];
}
