using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>Counter (a Prometheus counter) and UpDownCounter (a gauge): the sum of every measurement per tag set.</summary>
internal sealed class SumSeries(Instrument instrument, PrometheusType type) : CellSeries(instrument, type)
{
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Series.Get(tags) is { } cell)
        {
            Add(ref cell.Value, value);
        }
    }

    public override void BeginObservation()
    {
    }
}
