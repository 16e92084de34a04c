namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>The per-app series the control plane keeps (what `nimbus metrics --metric` and the autoscaler read).</summary>
public enum AppMetric
{
    Rps,
    Errors,
    P50,
    P95,
    InFlight,
    Cpu,
    Memory,
}

public static class AppMetrics
{
    /// <summary>Names as the API and CLI spell them, with their units.</summary>
    public static readonly (string Name, AppMetric Metric, string Unit)[] All =
    [
        ("rps", AppMetric.Rps, "requests/s"),
        ("errors", AppMetric.Errors, "5xx responses/s"),
        ("p50", AppMetric.P50, "ms"),
        ("p95", AppMetric.P95, "ms"),
        ("inflight", AppMetric.InFlight, "requests"),
        ("cpu", AppMetric.Cpu, "% of one core"),
        ("mem", AppMetric.Memory, "bytes"),
    ];

    public static bool TryParse(string name, out AppMetric metric, out string unit)
    {
        foreach (var (known, value, knownUnit) in All)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                (metric, unit) = (value, knownUnit);
                return true;
            }
        }
        (metric, unit) = (default, "");
        return false;
    }
}
