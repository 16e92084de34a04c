using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Nimbus.Api.Telemetry;

/// <summary>
/// Listens to System.Diagnostics.Metrics instruments and writes them in the Prometheus text format (0.0.4). One
/// collector serves a whole process (<see cref="Process"/>): `nimbus up` runs every role in one process and is one
/// scrape target; a process that runs one role is one target too.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly Lazy<MetricsCollector> s_process = new(() => new MetricsCollector(IsNimbusOrRuntime));

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _scrape = new();

    public MetricsCollector(Func<Meter, bool> include)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (include(instrument.Meter) && InstrumentSeries.For(instrument) is { } series)
                {
                    _instruments[instrument] = series;
                    listener.EnableMeasurementEvents(instrument, series);
                }
            },
            MeasurementsCompleted = (instrument, state) => _instruments.TryRemove(instrument, out InstrumentSeries? removed),
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The process's collector: every meter named <c>Nimbus.*</c> and the runtime's own (GC, thread pool).
    /// A role makes sure it exists before its instruments count anything, so counters start at the process's start.</summary>
    public static MetricsCollector Process => s_process.Value;

    public static bool IsNimbusOrRuntime(Meter meter) =>
        meter.Name.StartsWith("Nimbus.", StringComparison.Ordinal) || meter.Name == "System.Runtime";

    /// <summary>Every series now, as Prometheus text; observable instruments are asked for their values first.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            var instruments = _instruments.Values.ToList();
            foreach (var series in instruments)
            {
                series.BeginObservation();
            }
            _listener.RecordObservableInstruments();

            var families = new Dictionary<string, MetricFamily>(StringComparer.Ordinal);
            foreach (var series in instruments.OrderBy(static s => s.Name, StringComparer.Ordinal))
            {
                if (!families.TryGetValue(series.Name, out var family))
                {
                    family = new MetricFamily(series.Name, series.Type, series.Instrument.Description);
                    families.Add(series.Name, family);
                }
                if (family.Type == series.Type)
                {
                    series.ExportTo(family);
                }
            }

            var text = new StringBuilder(4096);
            foreach (var family in families.Values)
            {
                family.WriteTo(text);
            }
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();
}
