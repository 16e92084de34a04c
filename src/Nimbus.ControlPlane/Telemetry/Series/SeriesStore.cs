using System.Collections.Concurrent;

namespace Nimbus.ControlPlane.Telemetry.Series;

/// <summary>The control plane's embedded time-series store: per app, what <see cref="ClusterScraper"/> measured each
/// second (kept in memory with bounded retention: <see cref="AppSeries.Retention"/>; a restart starts it empty).</summary>
public sealed class SeriesStore
{
    private readonly ConcurrentDictionary<string, AppSeries> _apps = new(StringComparer.Ordinal);

    public void Add(string app, AppSample sample) =>
        _apps.GetOrAdd(app, static _ => new AppSeries()).Add(sample);

    public (List<AppSample> Samples, TimeSpan Step) Since(string app, DateTimeOffset since, DateTimeOffset now) =>
        _apps.TryGetValue(app, out var series) ? series.Since(since, now) : ([], TimeSpan.FromSeconds(1));

    /// <summary>The newest one-second samples of an app, oldest first (empty when none).</summary>
    public AppSample[] Last(string app, int count) => _apps.TryGetValue(app, out var series) ? series.Last(count) : [];

    /// <summary>Drops the series of apps that no longer exist.</summary>
    public void Retain(IReadOnlySet<string> apps)
    {
        foreach (var app in _apps.Keys)
        {
            if (!apps.Contains(app))
            {
                _apps.TryRemove(app, out _);
            }
        }
    }
}
