using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>Observable instruments and Gauge: the value last reported per tag set. An observable counter reports
/// its running total, so the last value is the counter's value.</summary>
internal sealed class LastValueSeries(Instrument instrument, PrometheusType type) : CellSeries(instrument, type)
{
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Series.Get(tags) is { } cell)
        {
            Volatile.Write(ref cell.Value, value);
        }
    }

    public override void BeginObservation()
    {
        if (Instrument.IsObservable)
        {
            Series.Clear();
        }
    }
}
