using System.Collections.Concurrent;

namespace Nimbus.Edge.Traffic;

/// <summary>Every app's counters at this edge, by app name. Routes hold their app's counters directly, so the
/// request path never looks here.</summary>
internal sealed class TrafficRegistry
{
    private readonly ConcurrentDictionary<string, AppTrafficCounters> _apps = new(StringComparer.Ordinal);

    public AppTrafficCounters For(string app) => _apps.GetOrAdd(app, static name => new AppTrafficCounters(name));

    public AppTrafficCounters? Find(string app) => _apps.GetValueOrDefault(app);

    /// <summary>Drops the counters of an app that no longer exists (a new app of the same name starts from zero).</summary>
    public void Forget(string app) => _apps.TryRemove(app, out _);
}
