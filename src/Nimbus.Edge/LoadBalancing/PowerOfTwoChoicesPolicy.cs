using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.LoadBalancing;

/// <summary>Two destinations at random, the one with fewer requests in flight wins: nearly as good as least-requests
/// without its herd behaviour, and O(1). The default.</summary>
internal sealed class PowerOfTwoChoicesPolicy : ILoadBalancingPolicy
{
    public string Name => BalancePolicies.PowerOfTwoChoices;

    public Destination Pick(AppRoute route, ReadOnlySpan<Destination> available, out int rivalLoad)
    {
        rivalLoad = -1;
        if (available.Length == 1)
        {
            return available[0];
        }
        var first = Random.Shared.Next(available.Length);
        var second = Random.Shared.Next(available.Length - 1);
        if (second >= first)
        {
            second++;
        }
        var a = available[first];
        var b = available[second];
        var (loadA, loadB) = (a.InFlight, b.InFlight);
        if (loadB < loadA)
        {
            rivalLoad = loadA;
            return b;
        }
        rivalLoad = loadB;
        return a;
    }
}
