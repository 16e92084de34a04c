using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.Tests.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Replication;

/// <summary><see cref="PeerClient.ListAsync"/> against a real HTTP server: the peer API's chunk list, and lists that
/// break off or are garbled, which must fail rather than look complete.</summary>
public sealed class PeerClientListTests : IAsyncLifetime
{
    private const string Token = "cluster-token";
    private readonly DataStoreScope _data = new(DataStoreScope.Small);
    private WebApplication? _app;

    private async Task<StorageNodeInfo> ServeAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(handler);
        await _app.StartAsync();
        return new StorageNodeInfo("sn-00000000000b", "zone-b", new Uri(_app.Urls.First() + "/"), true);
    }

    private static async Task<List<PeerChunk>> ListAsync(StorageNodeInfo node)
    {
        using var client = new PeerClient(Token, new ReplicationOptions { PushTimeout = TimeSpan.FromSeconds(10) });
        var chunks = new List<PeerChunk>();
        await foreach (var chunk in client.ListAsync(node, default))
        {
            chunks.Add(chunk);
        }
        return chunks;
    }

    [Fact]
    public async Task List_FromThePeerApi_GivesEveryChunkWithItsTime()
    {
        var staged = await _data.StageAsync(DataStoreScope.Bytes(1500));
        staged.MarkCommitted();
        var store = new PeerChunkStore(_data.Directory, _data.Store.Paths);
        var scrubber = new ChunkScrubber(_data.Store, new ChunkScrubberOptions { Interval = TimeSpan.FromHours(1), BytesPerSecond = 0 }, TimeProvider.System,
            NullLogger<ChunkScrubber>.Instance);
        var handler = new PeerRequestHandler(Token, store, scrubber, new ReplicationOptions(), TimeProvider.System);
        var node = await ServeAsync(handler.InvokeAsync);

        var listed = await ListAsync(node);

        Assert.Equal(store.List(DateTimeOffset.UtcNow).Select(c => c.Id).Order(), listed.Select(c => c.Id).Order());
        Assert.Equal(3, listed.Count);
        Assert.All(listed, c => Assert.InRange(c.AgeMs, 0, 5 * 60_000));
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef 1700000000000\n")]            // no "end": cut off
    [InlineData("0123456789abcdef0123456789abcdef 1700000000000\n../etc 1\nend\n")] // not a chunk id
    [InlineData("0123456789abcdef0123456789abcdef yesterday\nend\n")]        // not a time
    public async Task List_BrokenOffOrGarbled_Throws(string body)
    {
        var node = await ServeAsync(context => context.Response.WriteAsync(body));

        await Assert.ThrowsAsync<IOException>(() => ListAsync(node));
    }

    [Fact]
    public async Task List_Refused_Throws()
    {
        var node = await ServeAsync(context =>
        {
            context.Response.StatusCode = 401;
            return Task.CompletedTask;
        });

        await Assert.ThrowsAsync<HttpRequestException>(() => ListAsync(node));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        await _data.DisposeAsync();
    }
}
