using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Api.Client;
using Nimbus.ControlPlane.Tests.Api;
using Nimbus.ObjectStore.Keys;

namespace Nimbus.ObjectStore.Tests.Keys;

/// <summary>The follower against a real control plane: keys made before and after it starts become usable, a deleted
/// key stops working within a watch round trip.</summary>
public sealed class AccessKeyFollowerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private LiveControlPlane _plane = null!;
    private NimbusClient _followerClient = null!;
    private AccessKeyFollower _follower = null!;

    public async Task InitializeAsync()
    {
        _plane = await LiveControlPlane.StartAsync("nimbus-s3-keys-");
        _followerClient = new NimbusClient(_plane.Host.Address, LiveControlPlane.Token);
        _follower = new AccessKeyFollower(_followerClient, TimeProvider.System, NullLogger<AccessKeyFollower>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _follower.StopAsync(default).WaitAsync(Timeout);
        _follower.Dispose();
        _followerClient.Dispose();
        await _plane.DisposeAsync();
    }

    [Fact]
    public async Task KeyMadeBeforeStart_IsKnownAsSoonAsTheFirstListIsLoaded()
    {
        var key = await _plane.Client.CreateAccessKeyAsync("before", default).WaitAsync(Timeout);
        Assert.False(_follower.IsLoaded);

        await _follower.StartAsync(default);
        await _follower.Loaded.WaitAsync(Timeout);

        Assert.True(_follower.TryGet(key.AccessKeyId, out var credential));
        Assert.Equal(key.SecretAccessKey, credential.SecretAccessKey);
        Assert.Equal("default", credential.Project);
        Assert.False(_follower.TryGet("NKAAAAAAAAAAAAAAAAAA", out _));
    }

    [Fact]
    public async Task KeyMadeAfterStart_BecomesKnown_AndStopsWorkingOnceDeleted()
    {
        await _follower.StartAsync(default);
        await _follower.Loaded.WaitAsync(Timeout);
        Assert.Equal(0, _follower.Count);

        var key = await _plane.Client.CreateAccessKeyAsync("after", default).WaitAsync(Timeout);
        await Poll.UntilAsync(() => _follower.TryGet(key.AccessKeyId, out _), Timeout);
        Assert.True(_follower.TryGet(key.AccessKeyId, out var credential));
        Assert.Equal(key.SecretAccessKey, credential.SecretAccessKey);

        await _plane.Client.DeleteAccessKeyAsync(key.AccessKeyId, default).WaitAsync(Timeout);
        await Poll.UntilAsync(() => !_follower.TryGet(key.AccessKeyId, out _), Timeout);

        Assert.Equal(0, _follower.Count);
    }

    [Fact]
    public async Task ManyKeys_AllFollowed_OnlyTheDeletedOneGoes()
    {
        await _follower.StartAsync(default);
        await _follower.Loaded.WaitAsync(Timeout);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _plane.Client.CreateAccessKeyAsync($"k{i}", default).WaitAsync(Timeout)).AccessKeyId);
        }
        await Poll.UntilAsync(() => _follower.Count == 5, Timeout);

        await _plane.Client.DeleteAccessKeyAsync(ids[2], default).WaitAsync(Timeout);
        await Poll.UntilAsync(() => _follower.Count == 4, Timeout);

        Assert.False(_follower.TryGet(ids[2], out _));
        foreach (var id in ids.Where(id => id != ids[2]))
        {
            Assert.True(_follower.TryGet(id, out _));
        }
    }
}
