using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;
using Nimbus.Edge.LoadBalancing;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Tests.Proxy;

public sealed class ColdStartsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly RouteTableHolder _routes = new();
    private readonly EdgeOptions _options = new() { ColdStartTimeout = TimeSpan.FromSeconds(20) };
    private readonly ColdStarts _coldStarts;

    public ColdStartsTests()
    {
        // The control plane is not there: asking it fails (logged), which must not disturb the waiting.
        _coldStarts = new ColdStarts(_routes, new NimbusClient(new Uri("http://127.0.0.1:1/"), "token"), _options, TimeProvider.System,
            NullLogger<ColdStarts>.Instance);
        _routes.Swap(Table(Route(instances: 0)));
    }

    [Fact]
    public async Task Wait_UntilASnapshotHasAnInstance_GoesOnWithThatRoute()
    {
        var waiting = _coldStarts.WaitAsync(Route(instances: 0), default).AsTask();
        Assert.False(waiting.IsCompleted);

        var started = Table(Route(instances: 1));
        _routes.Swap(started);
        _coldStarts.OnRoutesChanged(null!, started);

        var route = await waiting.WaitAsync(Timeout);
        Assert.Same(started.Apps["web"], route);
    }

    [Fact]
    public async Task Wait_TheSnapshotAlreadyHasAnInstance_ReturnsAtOnce()
    {
        _routes.Swap(Table(Route(instances: 1)));

        var route = await _coldStarts.WaitAsync(Route(instances: 0), default).AsTask().WaitAsync(Timeout);

        Assert.NotNull(route);
    }

    [Fact]
    public async Task Wait_NoInstanceInTime_GivesUp()
    {
        _options.ColdStartTimeout = TimeSpan.FromMilliseconds(200);

        Assert.Null(await _coldStarts.WaitAsync(Route(instances: 0), default).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Wait_TheAppIsDestroyed_GivesUp()
    {
        var waiting = _coldStarts.WaitAsync(Route(instances: 0), default).AsTask();

        var empty = new RouteTable(new Dictionary<string, AppRoute>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, AppRoute>(StringComparer.Ordinal), 2, "nimbus.internal");
        _routes.Swap(empty);
        _coldStarts.OnRoutesChanged(null!, empty);

        Assert.Null(await waiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Wait_BeyondTheBound_IsRefusedAtOnce()
    {
        using var stop = new CancellationTokenSource();
        var waiting = Enumerable.Range(0, ColdStarts.MaxWaitingPerApp).Select(_ => _coldStarts.WaitAsync(Route(instances: 0), stop.Token).AsTask()).ToList();

        Assert.Null(await _coldStarts.WaitAsync(Route(instances: 0), default).AsTask().WaitAsync(Timeout));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.WhenAll(waiting).WaitAsync(Timeout));
    }

    private static AppRoute Route(int instances) =>
        new("web", new EdgeSettings(), Enumerable.Range(0, instances).Select(i => new Destination($"web-{i}", $"127.0.0.1:{4000 + i}")).ToArray(),
            LoadBalancingPolicies.For(BalancePolicies.RoundRobin), new AppTrafficCounters("web"), coldStart: true);

    private static RouteTable Table(AppRoute route) =>
        new(new Dictionary<string, AppRoute>(StringComparer.OrdinalIgnoreCase) { ["web.localhost"] = route },
            new Dictionary<string, AppRoute>(StringComparer.Ordinal) { ["web"] = route }, 1, "nimbus.internal");
}
