using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.LoadBalancing;

/// <summary>Each destination in turn.</summary>
internal sealed class RoundRobinPolicy : ILoadBalancingPolicy
{
    public string Name => BalancePolicies.RoundRobin;

    public Destination Pick(AppRoute route, ReadOnlySpan<Destination> available, out int rivalLoad)
    {
        rivalLoad = -1;
        var turn = (uint)route.NextTurn();
        return available[(int)(turn % (uint)available.Length)];
    }
}
