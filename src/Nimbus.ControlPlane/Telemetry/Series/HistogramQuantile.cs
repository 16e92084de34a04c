namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>A quantile from cumulative histogram buckets, interpolated linearly inside the bucket it falls in — the
/// rule of Prometheus's histogram_quantile. Above the last finite bound, the answer is that bound.</summary>
public static class HistogramQuantile
{
    /// <param name="q">0..1.</param>
    /// <param name="bounds">Upper bounds, ascending, the last one +Inf.</param>
    /// <param name="cumulative">Count at or below each bound (same length).</param>
    public static double Of(double q, ReadOnlySpan<double> bounds, ReadOnlySpan<double> cumulative)
    {
        if (bounds.Length == 0 || bounds.Length != cumulative.Length || cumulative[^1] <= 0)
        {
            return double.NaN;
        }
        var rank = q * cumulative[^1];
        for (var i = 0; i < bounds.Length; i++)
        {
            if (cumulative[i] < rank)
            {
                continue;
            }
            if (double.IsPositiveInfinity(bounds[i]))
            {
                return i > 0 ? bounds[i - 1] : double.NaN;
            }
            var lower = i > 0 ? bounds[i - 1] : 0;
            var below = i > 0 ? cumulative[i - 1] : 0;
            var inBucket = cumulative[i] - below;
            return inBucket <= 0 ? bounds[i] : lower + (bounds[i] - lower) * ((rank - below) / inBucket);
        }
        return bounds[^1];
    }
}
