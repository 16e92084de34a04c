namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>One app's values for one step of time, summed over every edge and node. Latencies are NaN when no request
/// finished in the step.</summary>
public readonly record struct AppSample(
    DateTimeOffset Time,
    double Rps,
    double Errors,
    double P50Ms,
    double P95Ms,
    double InFlight,
    double CpuCores,
    double MemoryBytes)
{
    public double Get(AppMetric metric) => metric switch
    {
        AppMetric.Rps => Rps,
        AppMetric.Errors => Errors,
        AppMetric.P50 => P50Ms,
        AppMetric.P95 => P95Ms,
        AppMetric.InFlight => InFlight,
        AppMetric.Cpu => CpuCores * 100,
        AppMetric.Memory => MemoryBytes,
        _ => double.NaN,
    };

    /// <summary>The mean of several steps, stamped with the last one's time (NaN latencies left out of their means).</summary>
    public static AppSample Mean(ReadOnlySpan<AppSample> samples)
    {
        double rps = 0, errors = 0, inFlight = 0, cpu = 0, memory = 0, p50 = 0, p95 = 0;
        var latencies = 0;
        foreach (var s in samples)
        {
            rps += s.Rps;
            errors += s.Errors;
            inFlight += s.InFlight;
            cpu += s.CpuCores;
            memory += s.MemoryBytes;
            if (!double.IsNaN(s.P95Ms))
            {
                p50 += s.P50Ms;
                p95 += s.P95Ms;
                latencies++;
            }
        }
        var n = samples.Length;
        return new AppSample(samples[^1].Time, rps / n, errors / n, latencies > 0 ? p50 / latencies : double.NaN,
            latencies > 0 ? p95 / latencies : double.NaN, inFlight / n, cpu / n, memory / n);
    }
}
