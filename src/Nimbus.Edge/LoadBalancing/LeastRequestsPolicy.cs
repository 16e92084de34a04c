using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.LoadBalancing;

/// <summary>The destination with the fewest requests in flight; ties go round the destinations (starting from a
/// rotating index), so an idle app still spreads its traffic.</summary>
internal sealed class LeastRequestsPolicy : ILoadBalancingPolicy
{
    public string Name => BalancePolicies.LeastRequests;

    public Destination Pick(AppRoute route, ReadOnlySpan<Destination> available, out int rivalLoad)
    {
        rivalLoad = -1;
        var start = (int)((uint)route.NextTurn() % (uint)available.Length);
        var best = available[start];
        var bestLoad = best.InFlight;
        for (var i = 1; i < available.Length && bestLoad > 0; i++)
        {
            var candidate = available[(start + i) % available.Length];
            var load = candidate.InFlight;
            if (load < bestLoad)
            {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}
