using System.Net;
using Nimbus.Api.Client;
using Nimbus.Api.Resources;

namespace Nimbus.ControlPlane.Tests.Api;

/// <summary>Storage node registration on a real control plane: the same lease and holder rules as edges, its own kind.</summary>
public sealed class StorageNodeEndpointsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private LiveControlPlane _plane = null!;
    private NimbusClient _client = null!;

    public async Task InitializeAsync()
    {
        _plane = await LiveControlPlane.StartAsync("nimbus-cp-storage-", o => o.NodeTimeout = TimeSpan.FromSeconds(2));
        _client = _plane.Client;
    }

    public async Task DisposeAsync() => await _plane.DisposeAsync();

    private static StorageNode Node(string holder, string peer = "http://127.0.0.1:9100/", string zone = "local-b") => new()
    {
        Metadata = new ObjectMeta { Name = "sn-0123456789ab" },
        Spec = new StorageNodeSpec { Zone = zone, Holder = holder, Peer = peer },
    };

    [Fact]
    public async Task Register_IsListedAndWatchable_AndDeregisterRemovesIt()
    {
        var before = (await _client.ListStorageNodesAsync(default).WaitAsync(Timeout)).Revision;

        var registered = await _client.RegisterStorageNodeAsync(Node("one"), default).WaitAsync(Timeout);

        Assert.True(registered.Status.Lease > 0);
        var listed = Assert.Single((await _client.ListStorageNodesAsync(default).WaitAsync(Timeout)).Items);
        Assert.Equal(("local-b", "http://127.0.0.1:9100/"), (listed.Spec.Zone, listed.Spec.Peer));
        using var watch = new CancellationTokenSource(Timeout);
        await foreach (var change in _client.WatchAsync(before, "storagenodes", watch.Token))
        {
            Assert.Equal(("put", "sn-0123456789ab"), (change.Type, change.Name));
            break;
        }
        await _client.StorageNodeHeartbeatAsync("sn-0123456789ab", default).WaitAsync(Timeout);
        await _client.DeregisterStorageNodeAsync("sn-0123456789ab", default).WaitAsync(Timeout);
        Assert.Empty((await _client.ListStorageNodesAsync(default).WaitAsync(Timeout)).Items);
    }

    [Fact]
    public async Task Register_IdHeldByAnotherLiveProcess_Is409()
    {
        await _client.RegisterStorageNodeAsync(Node("one"), default).WaitAsync(Timeout);

        var conflict = await Assert.ThrowsAsync<NimbusApiException>(() => _client.RegisterStorageNodeAsync(Node("two"), default).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
    }

    [Theory]
    [InlineData("http://192.0.2.10:9100/", "local-b")] // the token would be sent elsewhere
    [InlineData("not a url", "local-b")]
    [InlineData("http://127.0.0.1:9100/", "Zone_B")]
    public async Task Register_BadPeerOrZone_Is400(string peer, string zone)
    {
        var refused = await Assert.ThrowsAsync<NimbusApiException>(() => _client.RegisterStorageNodeAsync(Node("one", peer, zone), default).WaitAsync(Timeout));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
    }
}
