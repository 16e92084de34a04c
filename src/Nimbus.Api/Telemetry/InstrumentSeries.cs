using System.Diagnostics.Metrics;

namespace Nimbus.Api.Telemetry;

/// <summary>What the collector keeps for one instrument: its Prometheus name and type and its series. Measurements
/// arrive on the instrument's callers' threads (lock-free from the second one of a tag set on); a scrape reads.</summary>
internal abstract class InstrumentSeries(Instrument instrument, PrometheusType type)
{
    public Instrument Instrument { get; } = instrument;

    public PrometheusType Type { get; } = type;

    public string Name { get; } = PrometheusNames.Metric(instrument, type);

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before observable instruments report: their series are exactly what the callbacks return now
    /// (an app that is gone stops being reported).</summary>
    public abstract void BeginObservation();

    public abstract void ExportTo(MetricFamily family);

    /// <summary>Drops the series that carry <paramref name="tag"/>.</summary>
    public abstract void Forget(KeyValuePair<string, object?> tag);

    /// <summary>The series kind for an instrument, or null for an instrument kind this exporter does not know.</summary>
    public static InstrumentSeries? For(Instrument instrument)
    {
        if (!instrument.GetType().IsGenericType)
        {
            return null;
        }
        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Histogram<>))
        {
            return new HistogramSeries(instrument, HistogramBounds.For(instrument));
        }
        if (kind == typeof(Counter<>))
        {
            return new SumSeries(instrument, PrometheusType.Counter);
        }
        if (kind == typeof(UpDownCounter<>))
        {
            return new SumSeries(instrument, PrometheusType.Gauge);
        }
        if (kind == typeof(ObservableCounter<>))
        {
            return new LastValueSeries(instrument, PrometheusType.Counter);
        }
        if (kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>) || kind == typeof(Gauge<>))
        {
            return new LastValueSeries(instrument, PrometheusType.Gauge);
        }
        return null;
    }

    /// <summary>Adds to a double shared between threads (compare-and-swap on the bits, so NaN cannot loop).</summary>
    protected static void Add(ref double location, double value)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + value, current);
            if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
            {
                return;
            }
            current = seen;
        }
    }

    protected internal sealed class Cell
    {
        public double Value;
    }
}
