using Nimbus.Api.Resources;
using Nimbus.Edge.LoadBalancing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Routing;

/// <summary>Builds routing snapshots from the cluster view. Keeps each instance's <see cref="Destination"/> across
/// builds (while its address stays the same), so in-flight counts and passive health survive a rebuild.</summary>
internal sealed class RouteTableBuilder(TrafficRegistry traffic)
{
    private Dictionary<string, Destination> _destinations = new(StringComparer.Ordinal);

    public RouteTable Build(ClusterView view, string domain)
    {
        var byApp = new Dictionary<string, List<Destination>>(StringComparer.Ordinal);
        var kept = new Dictionary<string, Destination>(StringComparer.Ordinal);
        foreach (var instance in view.Instances.Values)
        {
            if (!Serves(instance))
            {
                continue;
            }
            var name = instance.Metadata.Name;
            if (!_destinations.TryGetValue(name, out var destination) || destination.Address != instance.Status.Address)
            {
                destination = new Destination(name, instance.Status.Address);
            }
            kept[name] = destination;
            if (!byApp.TryGetValue(instance.Spec.App, out var list))
            {
                byApp[instance.Spec.App] = list = [];
            }
            list.Add(destination);
        }
        _destinations = kept;

        var hosts = new Dictionary<string, AppRoute>(StringComparer.OrdinalIgnoreCase);
        var apps = new Dictionary<string, AppRoute>(StringComparer.Ordinal);
        foreach (var app in view.Apps.Values)
        {
            var name = app.Metadata.Name;
            var manifest = view.Releases.TryGetValue($"{name}-{app.Spec.Release}", out var release) ? release.Spec.Manifest : null;
            var settings = manifest?.Edge ?? new EdgeSettings();
            var destinations = byApp.TryGetValue(name, out var list) ? list.OrderBy(d => d.Instance, StringComparer.Ordinal).ToArray() : [];
            var route = new AppRoute(name, settings, destinations, LoadBalancingPolicies.For(settings.Balance), traffic.For(name),
                coldStart: manifest?.Autoscale is { Min: 0 });
            apps[name] = route;
            hosts[$"{name}.localhost"] = route;
            hosts[$"{name}.{domain}"] = route;
        }
        foreach (var (host, appName) in view.Domains)
        {
            if (apps.TryGetValue(appName, out var route))
            {
                hosts[host] = route;
            }
        }
        return new RouteTable(hosts, apps, view.Revision, domain);
    }

    /// <summary>Traffic goes only to instances that passed their health check and are not leaving: an instance asked to
    /// stop leaves the edge first, then drains, then stops.</summary>
    public static bool Serves(Instance instance) =>
        !instance.Spec.Stop && instance.Status.Ready && instance.Status.Address.Length > 0 && instance.Metadata.DeletionRequested is null;
}
