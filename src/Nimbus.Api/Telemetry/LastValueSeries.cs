using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>Observable instruments and Gauge: the value last reported per tag set. An observable counter reports
/// its running total, so the last value is the counter's value.</summary>
internal sealed class LastValueSeries(Instrument instrument, PrometheusType type) : InstrumentSeries(instrument, type)
{
    private readonly SeriesTable<Cell> _series = new(static () => new Cell());

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.Get(tags) is { } cell)
        {
            Volatile.Write(ref cell.Value, value);
        }
    }

    public override void Forget(KeyValuePair<string, object?> tag) => _series.Remove(tag);

    public override void BeginObservation()
    {
        if (Instrument.IsObservable)
        {
            _series.Clear();
        }
    }

    public override void ExportTo(MetricFamily family)
    {
        foreach (var entry in _series.Entries())
        {
            family.Add(entry.Tags, Volatile.Read(ref entry.Point.Value));
        }
    }
}
