namespace Nimbus.Edge.Routing;

/// <summary>Told after each new routing snapshot, on the follower's loop (DNS rebuilds its zone, TLS drops certificates
/// of domains that changed). Must be quick and must not throw.</summary>
internal interface IRouteTableListener
{
    void OnRoutesChanged(ClusterView view, RouteTable table);
}
