using Nimbus.Api.Resources;

namespace Nimbus.Edge.LoadBalancing;

/// <summary>The policies by manifest name.</summary>
internal static class LoadBalancingPolicies
{
    public static readonly ILoadBalancingPolicy PowerOfTwoChoices = new PowerOfTwoChoicesPolicy();
    public static readonly ILoadBalancingPolicy RoundRobin = new RoundRobinPolicy();
    public static readonly ILoadBalancingPolicy LeastRequests = new LeastRequestsPolicy();

    /// <summary>The policy named in the manifest; the default for an unknown name (the manifest rules reject those,
    /// so this is only reached by a release written before a policy was removed).</summary>
    public static ILoadBalancingPolicy For(string? name) => name switch
    {
        BalancePolicies.RoundRobin => RoundRobin,
        BalancePolicies.LeastRequests => LeastRequests,
        _ => PowerOfTwoChoices,
    };
}
