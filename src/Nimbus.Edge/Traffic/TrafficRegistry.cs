using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Nimbus.Api.Telemetry;

namespace Nimbus.Edge.Traffic;

/// <summary>Every app's counters at this edge, by app name. Routes hold their app's counters directly, so the
/// request path never looks here.</summary>
internal sealed class TrafficRegistry
{
    private readonly ConcurrentDictionary<string, AppTrafficCounters> _apps = new(StringComparer.Ordinal);
    private readonly Histogram<double>? _duration;
    private readonly MetricsCollector? _collector;

    /// <summary>Counters only, no instruments (unit tests of the parts that count).</summary>
    public TrafficRegistry()
    {
    }

    public TrafficRegistry(IMeterFactory meters, MetricsCollector collector)
    {
        _duration = new EdgeMetrics(meters, collector, () => _apps.Values).Duration;
        _collector = collector;
    }

    public AppTrafficCounters For(string app) => _apps.GetOrAdd(app, static (name, duration) => new AppTrafficCounters(name, duration), _duration);

    public AppTrafficCounters? Find(string app) => _apps.GetValueOrDefault(app);

    /// <summary>Drops the counters of an app that no longer exists (a new app of the same name starts from zero).</summary>
    public void Forget(string app)
    {
        _apps.TryRemove(app, out _);
        if (_duration is not null)
        {
            _collector?.Forget(_duration, new KeyValuePair<string, object?>("app", app));
        }
    }
}
