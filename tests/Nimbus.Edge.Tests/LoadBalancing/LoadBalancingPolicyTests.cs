using System.Diagnostics;
using Nimbus.Api.Resources;
using Nimbus.Edge.Health;
using Nimbus.Edge.LoadBalancing;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Tests.LoadBalancing;

public sealed class LoadBalancingPolicyTests
{
    private static Destination[] Destinations(int n) => Enumerable.Range(0, n).Select(i => new Destination($"i{i}", $"127.0.0.1:{1000 + i}")).ToArray();

    private static AppRoute Route(string policy, Destination[] destinations) =>
        new("app", new EdgeSettings { Balance = policy }, destinations, LoadBalancingPolicies.For(policy), new AppTrafficCounters("app"));

    [Fact]
    public void RoundRobin_VisitsEachInTurn()
    {
        var route = Route(BalancePolicies.RoundRobin, Destinations(3));

        var picks = Enumerable.Range(0, 9).Select(_ => route.Pick(0, null)!.Instance).ToList();

        Assert.Equal(3, picks.Distinct().Count());
        Assert.All(picks.GroupBy(p => p), g => Assert.Equal(3, g.Count()));
    }

    [Fact]
    public void LeastRequests_PicksTheLeastBusy()
    {
        var destinations = Destinations(3);
        destinations[0].Begin();
        destinations[0].Begin();
        destinations[2].Begin();
        var route = Route(BalancePolicies.LeastRequests, destinations);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("i1", route.Pick(0, null)!.Instance);
        }
    }

    [Fact]
    public void PowerOfTwoChoices_NeverPicksTheBusierOfTwo()
    {
        var destinations = Destinations(2);
        for (var i = 0; i < 5; i++)
        {
            destinations[1].Begin();
        }
        var route = Route(BalancePolicies.PowerOfTwoChoices, destinations);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal("i0", route.Pick(0, null)!.Instance);
        }
    }

    [Fact]
    public void PowerOfTwoChoices_SpreadsEvenLoadOverAll()
    {
        var route = Route(BalancePolicies.PowerOfTwoChoices, Destinations(4));

        var picks = Enumerable.Range(0, 400).Select(_ => route.Pick(0, null)!.Instance).ToHashSet();

        Assert.Equal(4, picks.Count);
    }

    [Fact]
    public void Pick_SkipsEjectedAndExcluded()
    {
        var destinations = Destinations(3);
        var now = Stopwatch.GetTimestamp();
        destinations[0].Health.Eject(new PassiveHealthOptions(), now);
        var route = Route(BalancePolicies.RoundRobin, destinations);

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("i2", route.Pick(now, exclude: destinations[1])!.Instance);
        }
    }

    [Fact]
    public void Pick_AllEjected_StillPicksOne()
    {
        var destinations = Destinations(2);
        var now = Stopwatch.GetTimestamp();
        foreach (var d in destinations)
        {
            d.Health.Eject(new PassiveHealthOptions(), now);
        }
        var route = Route(BalancePolicies.PowerOfTwoChoices, destinations);

        Assert.NotNull(route.Pick(now, null));
    }

    [Fact]
    public void Pick_OnlyTheExcludedOne_ReturnsNull()
    {
        var destinations = Destinations(1);

        Assert.Null(Route(BalancePolicies.RoundRobin, destinations).Pick(0, destinations[0]));
        Assert.Null(Route(BalancePolicies.RoundRobin, []).Pick(0, null));
    }

    [Fact]
    public void PassiveHealth_EjectsAfterConsecutiveFailures_AndBacksOffLonger()
    {
        var options = new PassiveHealthOptions { ConsecutiveFailures = 3, BaseEjection = TimeSpan.FromSeconds(1), MaxEjection = TimeSpan.FromSeconds(3) };
        var health = new PassiveHealth();
        var t0 = Stopwatch.GetTimestamp();

        Assert.False(health.Failed(options, t0));
        Assert.False(health.Failed(options, t0));
        Assert.True(health.Failed(options, t0));
        Assert.True(health.IsEjected(t0 + Stopwatch.Frequency / 2));
        Assert.False(health.IsEjected(t0 + Stopwatch.Frequency * 2));

        var t1 = t0 + Stopwatch.Frequency * 2;
        Assert.True(health.Eject(options, t1));
        Assert.True(health.IsEjected(t1 + Stopwatch.Frequency * 3 / 2));
        health.Succeeded();
        Assert.Equal(0, health.Ejections);
    }
}
