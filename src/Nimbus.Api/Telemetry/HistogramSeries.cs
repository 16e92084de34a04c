using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>Histogram: per tag set, a count per bucket (upper bounds inclusive, as Prometheus's <c>le</c>) and the
/// sum of the values.</summary>
internal sealed class HistogramSeries : InstrumentSeries
{
    private readonly double[] _bounds;
    private readonly SeriesTable<Buckets> _series;

    public HistogramSeries(Instrument instrument, double[] bounds) : base(instrument, PrometheusType.Histogram)
    {
        _bounds = bounds;
        _series = new(() => new Buckets(bounds.Length + 1));
    }

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.Get(tags) is not { } buckets)
        {
            return;
        }
        var index = 0;
        while (index < _bounds.Length && value > _bounds[index])
        {
            index++;
        }
        Interlocked.Increment(ref buckets.Counts[index]);
        Add(ref buckets.Sum, value);
    }

    public override void Forget(KeyValuePair<string, object?> tag) => _series.Remove(tag);

    public override void BeginObservation()
    {
    }

    public override void ExportTo(MetricFamily family)
    {
        foreach (var entry in _series.Entries())
        {
            var counts = new long[entry.Point.Counts.Length];
            for (var i = 0; i < counts.Length; i++)
            {
                counts[i] = Volatile.Read(ref entry.Point.Counts[i]);
            }
            family.AddHistogram(entry.Tags, _bounds, counts, Volatile.Read(ref entry.Point.Sum));
        }
    }

    private sealed class Buckets(int count)
    {
        public readonly long[] Counts = new long[count];
        public double Sum;
    }
}
