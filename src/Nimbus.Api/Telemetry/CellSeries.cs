using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>An instrument whose series are one number each: <see cref="SumSeries"/> adds measurements,
/// <see cref="LastValueSeries"/> keeps the last one.</summary>
internal abstract class CellSeries(Instrument instrument, PrometheusType type) : InstrumentSeries(instrument, type)
{
    protected SeriesTable<Cell> Series { get; } = new(static () => new Cell());

    public override void ExportTo(MetricFamily family)
    {
        foreach (var entry in Series.Entries())
        {
            family.Add(entry.Tags, Volatile.Read(ref entry.Point.Value));
        }
    }

    public override void Forget(KeyValuePair<string, object?> tag) => Series.Remove(tag);
}
