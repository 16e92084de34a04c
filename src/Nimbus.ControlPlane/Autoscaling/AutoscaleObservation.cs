using System.Globalization;
using Nimbus.Api.Resources;
using Nimbus.ControlPlane.Telemetry.Series;

namespace Nimbus.ControlPlane.Autoscaling;

/// <summary>What the autoscaler compares with the target: the app's metric as the HPA sees it — per ready instance for
/// rps and in-flight, CPU per running instance (every one with processes, which is what the cgroups measured) as a
/// percentage of its <c>cpu:</c>, p95 as is.</summary>
internal readonly record struct AutoscaleObservation(string Metric, double Value, double Target)
{
    public double Ratio => Value / Target;

    /// <summary>The mean of the newest samples; a p95 with no requests at all counts as 0 (nothing is slow).</summary>
    public static AutoscaleObservation Of(AutoscaleSettings settings, ReadOnlySpan<AppSample> samples, int ready, int running, long cpuMillis)
    {
        var mean = AppSample.Mean(samples);
        var perInstance = Math.Max(1, ready);
        var value = settings.Metric switch
        {
            AutoscaleMetrics.Rps => mean.Rps / perInstance,
            AutoscaleMetrics.InFlight => mean.InFlight / perInstance,
            AutoscaleMetrics.Cpu => cpuMillis > 0 ? mean.CpuCores * 1000 / Math.Max(1, running) / cpuMillis * 100 : 0,
            _ => double.IsNaN(mean.P95Ms) ? 0 : mean.P95Ms,
        };
        return new AutoscaleObservation(settings.Metric, value, settings.Target);
    }

    /// <summary>"rps/instance 480 > target 100", "cpu 85% of request > target 70%", "p95 620ms > target 500ms".</summary>
    public string Describe()
    {
        var comparison = Value > Target ? ">" : Value < Target ? "<" : "=";
        return Metric switch
        {
            AutoscaleMetrics.Cpu => $"cpu {N(Value)}% of request {comparison} target {N(Target)}%",
            AutoscaleMetrics.P95 => $"p95 {N(Value)}ms {comparison} target {N(Target)}ms",
            _ => $"{Metric}/instance {N(Value)} {comparison} target {N(Target)}",
        };
    }

    private static string N(double value) => value.ToString(value >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture);
}
