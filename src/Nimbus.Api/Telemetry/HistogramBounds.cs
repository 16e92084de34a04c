using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>A histogram's bucket bounds: the instrument's advice when it gives some, else OpenTelemetry's defaults
/// (in milliseconds, or the same in seconds for an instrument measured in seconds).</summary>
internal static class HistogramBounds
{
    private static readonly double[] Milliseconds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private static readonly double[] Seconds = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    public static double[] For(Instrument instrument)
    {
        var advised = instrument switch
        {
            Instrument<double> d => d.Advice?.HistogramBucketBoundaries?.ToArray(),
            Instrument<float> f => f.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Instrument<long> l => l.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
            _ => null,
        };
        if (advised is { Length: > 0 } && IsAscending(advised))
        {
            return advised;
        }
        return instrument.Unit == "s" ? Seconds : Milliseconds;
    }

    private static bool IsAscending(double[] bounds)
    {
        for (var i = 1; i < bounds.Length; i++)
        {
            if (!(bounds[i] > bounds[i - 1]))
            {
                return false;
            }
        }
        return !double.IsNaN(bounds[0]);
    }
}
