using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>Counter (a Prometheus counter) and UpDownCounter (a gauge): the sum of every measurement per tag set.</summary>
internal sealed class SumSeries(Instrument instrument, PrometheusType type) : InstrumentSeries(instrument, type)
{
    private readonly SeriesTable<Cell> _series = new(static () => new Cell());

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.Get(tags) is { } cell)
        {
            Add(ref cell.Value, value);
        }
    }

    public override void Forget(KeyValuePair<string, object?> tag) => _series.Remove(tag);

    public override void BeginObservation()
    {
    }

    public override void ExportTo(MetricFamily family)
    {
        foreach (var entry in _series.Entries())
        {
            family.Add(entry.Tags, Volatile.Read(ref entry.Point.Value));
        }
    }
}
