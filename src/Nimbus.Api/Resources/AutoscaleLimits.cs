using System.Globalization;

namespace Nimbus.Api.Resources;

/// <summary>The allowed values of <see cref="AutoscaleSettings"/>: the manifest reader and the control plane both check
/// with these. Each check returns null when the value fits, else what it must be.</summary>
public static class AutoscaleLimits
{
    public const int MaxInstances = 100;
    public static readonly TimeSpan MaxScaleDownWindow = TimeSpan.FromHours(1);

    public static string? CheckMin(int min) =>
        min is >= 0 and <= MaxInstances ? null : $"must be a whole number from 0 (scale to zero) to {MaxInstances}";

    public static string? CheckMax(int min, int max) =>
        max >= Math.Max(1, min) && max <= MaxInstances ? null : $"must be a whole number from min ({min}) to {MaxInstances}";

    public static string? CheckMetric(string? metric) =>
        Array.IndexOf(AutoscaleMetrics.All, metric) >= 0 ? null : "must be one of " + string.Join(", ", AutoscaleMetrics.All);

    public static string? CheckTarget(string metric, double target) => metric switch
    {
        _ when !double.IsFinite(target) || target <= 0 => "must be more than 0",
        AutoscaleMetrics.Cpu when target > 1000 => "must be a percentage of the instance's CPU from 1% to 1000%",
        AutoscaleMetrics.P95 when target > 600_000 => "must be at most 10m",
        _ when target > 1_000_000 => "must be at most " + 1_000_000.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static string? CheckWindow(TimeSpan window) =>
        window >= TimeSpan.Zero && window <= MaxScaleDownWindow ? null : "must be from 0s to 1h";

    /// <summary>The window an app that scales to zero needs at least: a woken instance must get to serve what woke it.</summary>
    public static readonly TimeSpan MinScaleToZeroWindow = TimeSpan.FromSeconds(10);

    /// <summary>Scale to zero needs a target that reads zero when idle (an idle process still uses some CPU) and a
    /// window long enough for a woken instance to serve the requests that woke it.</summary>
    public static string? CheckScaleToZero(AutoscaleSettings settings) => settings.Min != 0 ? null : settings switch
    {
        { Metric: AutoscaleMetrics.Cpu } => "min: 0 (scale to zero) needs an rps, p95 or inflight target: an idle app still uses some CPU",
        _ when settings.ScaleDownWindow < MinScaleToZeroWindow => "min: 0 (scale to zero) needs a scale_down_window of at least 10s",
        _ => null,
    };
}
