using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Nimbus.Api.Telemetry;

/// <summary>
/// Listens to System.Diagnostics.Metrics instruments and writes them in the Prometheus text format (0.0.4). Each role
/// host has its own (<see cref="ForHost"/>): it exports the meters made by that host's <see cref="IMeterFactory"/>, so
/// the roles `nimbus up` runs in one process are separate scrape targets that never repeat each other's series.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string RuntimeMeter = "System.Runtime";

    /// <summary>The collector that exports the runtime's own meter (GC, thread pool, memory): the process's first
    /// host that asks, so a process reports them once.</summary>
    private static MetricsCollector? s_runtimeOwner;

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _scrape = new();

    /// <param name="include">Which meters to export.</param>
    /// <param name="runtime">Also export the runtime's meter, unless another live collector in the process does.</param>
    public MetricsCollector(Func<Meter, bool> include, bool runtime = false)
    {
        var exportsRuntime = runtime && Interlocked.CompareExchange(ref s_runtimeOwner, this, null) is null;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                var wanted = include(instrument.Meter) ||
                    (exportsRuntime && instrument.Meter.Name == RuntimeMeter && instrument.Meter.Scope is null);
                if (wanted && InstrumentSeries.For(instrument) is { } series)
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

    /// <summary>A host's collector: the <c>Nimbus.*</c> meters its <paramref name="meters"/> factory made, and the runtime's meter
    /// when no other live host in the process exports it yet. Make it before the host's instruments count anything.</summary>
    public static MetricsCollector ForHost(IMeterFactory meters)
    {
        // Only Nimbus's own meters: listening to the framework's (Kestrel, hosting, routing) would make ASP.NET
        // measure every request and connection on the data paths as well.
        return new MetricsCollector(meter => meter.Scope == meters && meter.Name.StartsWith("Nimbus.", StringComparison.Ordinal), runtime: true);
    }

    /// <summary>Stops exporting an instrument's series that carry <paramref name="tag"/> (say, an app that was
    /// destroyed), so they neither linger nor take room from new ones.</summary>
    public void Forget(Instrument instrument, KeyValuePair<string, object?> tag)
    {
        if (_instruments.TryGetValue(instrument, out var series))
        {
            series.Forget(tag);
        }
    }

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
            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException)
            {
                // A callback that failed reports nothing this time; every other instrument still did (the listener
                // calls them all before it throws), and one broken reading must not take the whole endpoint down.
            }

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

    public void Dispose()
    {
        _listener.Dispose();
        Interlocked.CompareExchange(ref s_runtimeOwner, null, this);
    }
}
