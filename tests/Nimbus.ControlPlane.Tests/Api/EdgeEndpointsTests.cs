using System.Net;
using Nimbus.Api;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Tests.Api;

/// <summary>Edge registration on a real control plane (Kestrel on port 0): lease-backed records, one holder per name.</summary>
public sealed class EdgeEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private LiveControlPlane _plane = null!;
    private NimbusClient _client = null!;

    public async Task InitializeAsync()
    {
        _plane = await LiveControlPlane.StartAsync("nimbus-cp-edges-", o => o.NodeTimeout = TimeSpan.FromSeconds(2));
        _client = _plane.Client;
    }

    public async Task DisposeAsync() => await _plane.DisposeAsync();

    private static EdgeNode Edge(string holder, string http = "127.0.0.1:8080", string admin = "http://127.0.0.1:9") => new()
    {
        Metadata = new ObjectMeta { Name = "edge-a" },
        Spec = new EdgeNodeSpec { Zone = "local-a", Holder = holder, Http = http, Admin = admin },
    };

    [Fact]
    public async Task Register_WithAnAdminUrlElsewhere_Is400_TheTokenIsNeverSentThere()
    {
        var refused = await Assert.ThrowsAsync<NimbusApiException>(() => _client.RegisterEdgeAsync(Edge("one", admin: "http://192.0.2.10:9"), default).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Empty((await _client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, default)).Items);
    }

    [Fact]
    public async Task Register_ThenHeartbeat_KeepsTheRecord_AndDeregisterRemovesIt()
    {
        var registered = await _client.RegisterEdgeAsync(Edge("one"), default).WaitAsync(Timeout);
        Assert.True(registered.Status.Lease > 0);
        await _client.EdgeHeartbeatAsync("edge-a", default).WaitAsync(Timeout);

        await _client.DeregisterEdgeAsync("edge-a", default).WaitAsync(Timeout);

        var edges = await _client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, default);
        Assert.Empty(edges.Items);
    }

    [Fact]
    public async Task Register_NameHeldByAnotherLiveEdge_Is409_AndTheHolderKeepsIt()
    {
        await _client.RegisterEdgeAsync(Edge("one"), default).WaitAsync(Timeout);

        var conflict = await Assert.ThrowsAsync<NimbusApiException>(() => _client.RegisterEdgeAsync(Edge("two", "127.0.0.1:9090"), default).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        var edge = Assert.Single((await _client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, default)).Items);
        Assert.Equal("one", edge.Spec.Holder);
    }

    [Fact]
    public async Task Edge_ThatStopsHeartbeating_DisappearsWhenItsLeaseRunsOut()
    {
        await _client.RegisterEdgeAsync(Edge("one"), default).WaitAsync(Timeout);

        await Poll.UntilAsync(async () => (await _client.ListAsync("edges", NimbusJson.Default.ResourceListEdgeNode, default)).Items.Count == 0,
            TimeSpan.FromSeconds(20));

        var missing = await Assert.ThrowsAsync<NimbusApiException>(() => _client.EdgeHeartbeatAsync("edge-a", default).WaitAsync(Timeout));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    private static class Poll
    {
        public static async Task UntilAsync(Func<Task<bool>> probe, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!await probe())
            {
                Assert.True(DateTime.UtcNow < deadline, $"condition not met within {timeout}");
                await Task.Delay(100);
            }
        }
    }
}
