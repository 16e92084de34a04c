using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Tests.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Replication;

public sealed class ReplicaReadAndRepairTests
{
    [Fact]
    public async Task Read_CorruptLocalBlock_IsServedFromAReplica()
    {
        await using var cluster = new ReplicaCluster();
        var body = DataStoreScope.Bytes(1500);
        var staged = await cluster.StageAsync(body);
        staged.MarkCommitted();
        var chunk = cluster.Chunks(staged)[0];
        CorruptionTests.FlipByte(cluster.PathOn(ReplicaCluster.A, chunk.Id), ChunkFormat.HeaderSize + 3);

        Assert.Equal(EngineStatus.Ok, cluster.Store.OpenRead(staged.Layout, 0, body.Length, default, out var stream));
        await using (stream)
        {
            Assert.Equal(body, await DataStoreScope.ReadAllAsync(stream!));
        }
    }

    [Fact]
    public async Task Read_CorruptEverywhere_FailsCleanly()
    {
        await using var cluster = new ReplicaCluster();
        var staged = await cluster.StageAsync(DataStoreScope.Bytes(1500));
        staged.MarkCommitted();
        var chunk = cluster.Chunks(staged)[0];
        foreach (var node in new[] { ReplicaCluster.A, ReplicaCluster.B, ReplicaCluster.C })
        {
            CorruptionTests.FlipByte(cluster.PathOn(node, chunk.Id), ChunkFormat.HeaderSize + 3);
        }

        Assert.Equal(EngineStatus.Ok, cluster.Store.OpenRead(staged.Layout, 0, 1500, default, out var stream));
        await using (stream)
        {
            await Assert.ThrowsAsync<DataCorruptedException>(() => DataStoreScope.ReadAllAsync(stream!));
        }
    }

    [Fact]
    public async Task Scrub_CorruptLocalChunk_IsRepairedFromAHealthyReplica()
    {
        await using var cluster = new ReplicaCluster();
        var staged = await cluster.StageAsync(DataStoreScope.Bytes(1500));
        staged.MarkCommitted();
        var chunk = cluster.Chunks(staged)[1];
        var path = cluster.PathOn(ReplicaCluster.A, chunk.Id);
        var good = await File.ReadAllBytesAsync(path);
        CorruptionTests.FlipByte(path, good.Length - 1);
        // b's copy is corrupt too: the repair must skip it and take c's.
        CorruptionTests.FlipByte(cluster.PathOn(ReplicaCluster.B, chunk.Id), good.Length - 1);
        var scrubber = new ChunkScrubber(cluster.Store, new ChunkScrubberOptions { Interval = TimeSpan.FromHours(1), BytesPerSecond = 0 }, TimeProvider.System,
            NullLogger<ChunkScrubber>.Instance);

        var report = await scrubber.ScrubOnceAsync(CancellationToken.None);

        Assert.Equal(1, report.CorruptChunks);
        Assert.Equal(1, report.RepairedChunks);
        Assert.Equal(good, await File.ReadAllBytesAsync(path));
    }
}
