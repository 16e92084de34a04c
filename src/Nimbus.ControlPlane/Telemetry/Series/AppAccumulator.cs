namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>One app's values of one scrape round, summed over every target.</summary>
internal sealed class AppAccumulator
{
    private readonly SortedDictionary<double, double> _buckets = [];

    public double Rps;
    public double Errors;
    public double InFlight;
    public double CpuCores;
    public double MemoryBytes;

    /// <summary>Adds requests that finished at or below <paramref name="le"/> seconds (a cumulative bucket's increase).</summary>
    public void AddBucket(double le, double count) =>
        _buckets[le] = _buckets.GetValueOrDefault(le) + count;

    public AppSample ToSample(DateTimeOffset time)
    {
        var bounds = _buckets.Keys.ToArray();
        var cumulative = _buckets.Values.ToArray();
        // Cumulative counts never fall from one bound to the next; a target that restarted between scrapes can make
        // the increases look as if they did (histogram_quantile clamps the same way).
        for (var i = 1; i < cumulative.Length; i++)
        {
            cumulative[i] = Math.Max(cumulative[i], cumulative[i - 1]);
        }
        return new AppSample(time, Rps, Errors,
            HistogramQuantile.Of(0.5, bounds, cumulative) * 1000,
            HistogramQuantile.Of(0.95, bounds, cumulative) * 1000,
            InFlight, CpuCores, MemoryBytes);
    }
}
