using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.Tests.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Replication;

public sealed class ReplicatedWriteTests
{
    [Fact]
    public async Task Stage_AllNodesUp_EveryChunkIsOnAllThreeByteIdentical()
    {
        await using var cluster = new ReplicaCluster();
        var body = DataStoreScope.Bytes(1500);

        await using var staged = await cluster.StageAsync(body);

        var chunks = cluster.Chunks(staged);
        Assert.Equal(3, chunks.Count);
        foreach (var chunk in chunks)
        {
            Assert.Equal([ReplicaCluster.A, ReplicaCluster.B, ReplicaCluster.C], chunk.Replicas.Order());
            Assert.Equal(ReplicaCluster.A, chunk.Replicas[0]);
            var local = await File.ReadAllBytesAsync(cluster.PathOn(ReplicaCluster.A, chunk.Id));
            Assert.Equal(local, await File.ReadAllBytesAsync(cluster.PathOn(ReplicaCluster.B, chunk.Id)));
            Assert.Equal(local, await File.ReadAllBytesAsync(cluster.PathOn(ReplicaCluster.C, chunk.Id)));
        }
        Assert.Equal(0, cluster.Queue.Count());
    }

    [Fact]
    public async Task Stage_OneOfThreeNodesDown_SucceedsWithQuorumAndQueuesTheMissingCopies()
    {
        await using var cluster = new ReplicaCluster();
        cluster.Peers.Down[ReplicaCluster.C] = true;

        await using var staged = await cluster.StageAsync(DataStoreScope.Bytes(1500));

        var chunks = cluster.Chunks(staged);
        Assert.All(chunks, c => Assert.Contains(ReplicaCluster.C, c.Replicas));
        Assert.All(chunks, c => Assert.False(File.Exists(cluster.PathOn(ReplicaCluster.C, c.Id))));
        Assert.Equal(chunks.Count, cluster.Queue.Pending(ReplicaCluster.C, 100).Count);
    }

    [Fact]
    public async Task Stage_TwoOfThreeNodesDown_FailsWithoutQuorumAndKeepsNothing()
    {
        await using var cluster = new ReplicaCluster();
        cluster.Peers.Down[ReplicaCluster.B] = true;
        cluster.Peers.Down[ReplicaCluster.C] = true;

        await Assert.ThrowsAsync<ReplicationQuorumException>(() => cluster.StageAsync(DataStoreScope.Bytes(1500)));

        Assert.Empty(Directory.GetFiles(cluster.Paths.Root, "*", SearchOption.AllDirectories));
        // What is queued for the down nodes is their deletion, never a copy of the failed write.
        Assert.All(cluster.Queue.Pending(ReplicaCluster.B, 100), i => Assert.Equal(CatchUpOperation.Delete, i.Operation));
    }

    [Fact]
    public async Task Stage_NodeKnownButGone_IsNotPushedButQueued()
    {
        await using var cluster = new ReplicaCluster();
        cluster.Nodes.Current = cluster.Nodes.Current.Without(ReplicaCluster.C);

        await using var staged = await cluster.StageAsync(DataStoreScope.Bytes(600));

        Assert.Equal(2, cluster.Peers.Puts); // two chunks, to b only
        Assert.Equal(2, cluster.Queue.Pending(ReplicaCluster.C, 100).Count);
    }

    [Fact]
    public async Task CatchUp_NodeComesBack_ReceivesWhatItMissedAndTheQueueEmpties()
    {
        await using var cluster = new ReplicaCluster();
        cluster.Peers.Down[ReplicaCluster.C] = true;
        var staged = await cluster.StageAsync(DataStoreScope.Bytes(1500));
        staged.MarkCommitted();
        var chunks = cluster.Chunks(staged);

        Assert.Equal(0, await cluster.CatchUp.RunOnceAsync(CancellationToken.None)); // still down: nothing done, backing off
        cluster.Peers.Down.TryRemove(ReplicaCluster.C, out _);
        cluster.Nodes.Current = cluster.Nodes.Current.With(FixedNodes.Node(ReplicaCluster.C, "zone-c"));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cluster.Queue.Count() > 0 && DateTime.UtcNow < deadline)
        {
            await cluster.CatchUp.RunOnceAsync(CancellationToken.None);
            await Task.Delay(50); // the backoff from the failed pass is on the real clock
        }

        Assert.Equal(0, cluster.Queue.Count());
        foreach (var chunk in chunks)
        {
            Assert.Equal(await File.ReadAllBytesAsync(cluster.PathOn(ReplicaCluster.A, chunk.Id)), await File.ReadAllBytesAsync(cluster.PathOn(ReplicaCluster.C, chunk.Id)));
        }
    }

    [Fact]
    public async Task Release_DeletesRemoteCopiesThroughTheQueue_EvenForANodeThatWasDown()
    {
        await using var cluster = new ReplicaCluster();
        var staged = await cluster.StageAsync(DataStoreScope.Bytes(600));
        staged.MarkCommitted();
        var chunks = cluster.Chunks(staged);
        cluster.Peers.Down[ReplicaCluster.C] = true;

        await cluster.Store.ReleaseAsync(staged.Layout, CancellationToken.None);
        await cluster.CatchUp.RunOnceAsync(CancellationToken.None);

        Assert.All(chunks, c => Assert.False(File.Exists(cluster.PathOn(ReplicaCluster.B, c.Id))));
        Assert.All(chunks, c => Assert.True(File.Exists(cluster.PathOn(ReplicaCluster.C, c.Id))));
        Assert.Equal(chunks.Count, cluster.Queue.Pending(ReplicaCluster.C, 100).Count);
    }

    [Fact]
    public void CatchUpQueue_SurvivesARestart_AndADeleteSupersedesAPut()
    {
        var dir = Path.Combine(Path.GetTempPath(), "nimbus-queue-" + Guid.NewGuid().ToString("N"));
        try
        {
            var chunk = Nimbus.ObjectStore.Engine.Data.ChunkIds.New();
            new CatchUpQueue(dir).Enqueue(ReplicaCluster.B, chunk, CatchUpOperation.Put);

            var reopened = new CatchUpQueue(dir);
            Assert.Equal([new CatchUpItem(ReplicaCluster.B, chunk, CatchUpOperation.Put)], reopened.Pending(ReplicaCluster.B, 10));

            reopened.Enqueue(ReplicaCluster.B, chunk, CatchUpOperation.Delete);
            Assert.Equal([new CatchUpItem(ReplicaCluster.B, chunk, CatchUpOperation.Delete)], new CatchUpQueue(dir).Pending(ReplicaCluster.B, 10));
            Assert.Throws<ArgumentException>(void () => reopened.Enqueue("../../etc", chunk, CatchUpOperation.Put));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
