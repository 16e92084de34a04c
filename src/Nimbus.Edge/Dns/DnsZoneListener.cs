using System.Net;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Dns;

/// <summary>Rebuilds the DNS zone from each routing snapshot: the live edges' addresses for app names, each app's
/// routed instances for SRV, the custom domains.</summary>
internal sealed class DnsZoneListener(DnsZoneHolder zone) : IRouteTableListener
{
    public void OnRoutesChanged(ClusterView view, RouteTable table)
    {
        var edges = new List<IPAddress>();
        foreach (var edge in view.Edges.Values)
        {
            if (IPEndPoint.TryParse(edge.Spec.Http, out var http) && !edges.Contains(http.Address))
            {
                edges.Add(http.Address);
            }
        }
        var apps = new Dictionary<string, IReadOnlyList<DnsServiceTarget>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, route) in table.Apps)
        {
            var targets = new List<DnsServiceTarget>(route.Destinations.Length);
            foreach (var destination in route.Destinations)
            {
                if (IPEndPoint.TryParse(destination.Address, out var address))
                {
                    targets.Add(new DnsServiceTarget(destination.Instance, address.Address, (ushort)address.Port));
                }
            }
            apps[name] = targets;
        }
        var domains = new Dictionary<string, string>(view.Domains, StringComparer.OrdinalIgnoreCase);
        zone.Swap(new DnsZoneSnapshot(table.Domain, edges, apps, domains));
    }
}
