using Nimbus.Edge.Routing;

namespace Nimbus.Edge.LoadBalancing;

/// <summary>Picks one destination among the available ones. Implementations are stateless singletons (per-route state
/// such as a round-robin cursor lives on the route), called concurrently on the request path.</summary>
internal interface ILoadBalancingPolicy
{
    /// <summary>The manifest name: p2c, round_robin, least_requests.</summary>
    string Name { get; }

    /// <summary>Never called with an empty span. <paramref name="rivalLoad"/>: the in-flight count the choice was
    /// weighed against (power of two choices), or -1.</summary>
    Destination Pick(AppRoute route, ReadOnlySpan<Destination> available, out int rivalLoad);
}
