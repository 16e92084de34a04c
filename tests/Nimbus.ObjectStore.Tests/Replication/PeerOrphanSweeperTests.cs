using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.Tests.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Replication;

public sealed class PeerOrphanSweeperTests
{
    private static readonly string[] Peers = [ReplicaCluster.B, ReplicaCluster.C];

    private static PeerOrphanSweeper Sweeper(ReplicaCluster cluster, Func<ISet<string>> referenced) => new(
        referenced, cluster.Store.IsInProgress, cluster.Identity, cluster.Nodes, cluster.Peers, cluster.Options, TimeProvider.System,
        NullLogger<PeerOrphanSweeper>.Instance);

    /// <summary>Stages a body on all three nodes; committed (as the metadata would) unless <paramref name="commit"/> is false.</summary>
    private static async Task<List<string>> StageAsync(ReplicaCluster cluster, bool commit = true)
    {
        var staged = await cluster.StageAsync(DataStoreScope.Bytes(1500));
        var chunks = cluster.Chunks(staged).Select(c => c.Id).ToList();
        if (commit)
        {
            staged.MarkCommitted();
        }
        return chunks;
    }

    private static void Age(ReplicaCluster cluster, IEnumerable<string> chunks)
    {
        foreach (var chunk in chunks)
        {
            foreach (var node in Peers)
            {
                File.SetLastWriteTimeUtc(cluster.PathOn(node, chunk), DateTime.UtcNow.AddHours(-2));
            }
        }
    }

    private static bool OnEveryPeer(ReplicaCluster cluster, IEnumerable<string> chunks) => chunks.All(c => Peers.All(n => File.Exists(cluster.PathOn(n, c))));

    private static bool OnNoPeer(ReplicaCluster cluster, IEnumerable<string> chunks) => chunks.All(c => Peers.All(n => !File.Exists(cluster.PathOn(n, c))));

    [Fact]
    public async Task Sweep_DeletesOnlyOldUnreferencedCopiesOnThePeers()
    {
        await using var cluster = new ReplicaCluster();
        var kept = await StageAsync(cluster);          // referenced by the metadata
        var orphan = await StageAsync(cluster);        // copies of an object whose commit never happened (crash)
        var young = await StageAsync(cluster);         // unreferenced, but written within the grace period
        var staging = await StageAsync(cluster, commit: false); // being written right now
        Age(cluster, [.. kept, .. orphan, .. staging]);
        var referenced = new HashSet<string>(kept, StringComparer.Ordinal);

        var report = await Sweeper(cluster, () => referenced).SweepOnceAsync(default);

        Assert.Equal(2, report.Nodes);
        Assert.Empty(report.FailedNodes);
        Assert.Equal(orphan.Count * 2, report.Deleted);
        Assert.True(OnNoPeer(cluster, orphan));
        Assert.True(OnEveryPeer(cluster, kept));
        Assert.True(OnEveryPeer(cluster, young));
        Assert.True(OnEveryPeer(cluster, staging));
        // This node's own copies are the startup sweep's business, not this one's.
        Assert.All(orphan, c => Assert.True(File.Exists(cluster.PathOn(ReplicaCluster.A, c))));
    }

    [Fact]
    public async Task Sweep_WithTheEnginesMetadata_KeepsCurrentAndNoncurrentVersionsAndStoredParts()
    {
        await using var cluster = new ReplicaCluster();
        await using var engine = ObjectEngine.Open(
            new ObjectEngineOptions { DataDirectory = Path.Combine(cluster.Root, "meta"), MinimumPartSize = 1, ReleaseGrace = TimeSpan.Zero }, cluster.Store);
        Assert.Equal(EngineStatus.Ok, await engine.CreateBucketAsync("b", "owner", default));
        Assert.Equal(EngineStatus.Ok, await engine.UpdateBucketAsync("b", b => b with { Versioning = VersioningState.Enabled }, default));
        async Task<StagedData> Stage() => await engine.StageAsync(new MemoryStream(DataStoreScope.Bytes(1500)),
            new StageOptions(1500, Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.None, default) { Replicas = 3 }, default);
        for (var i = 0; i < 2; i++)
        {
            // The second commit makes the first a noncurrent version: both keep their chunks.
            Assert.Equal(EngineStatus.Ok, (await engine.CommitObjectAsync("b", "k", await Stage(), ObjectAttributes.Empty, default, default)).Status);
        }
        var upload = (await engine.CreateUploadAsync("b", "mp", ObjectAttributes.Empty, Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.None,
            Nimbus.ObjectStore.Checksums.ChecksumType.Composite, EncryptionSpec.None, default)).Upload!;
        Assert.Equal(EngineStatus.Ok, (await engine.CommitPartAsync("b", "mp", upload.UploadId, 1, await Stage(), default)).Status);
        var orphan = await StageAsync(cluster); // pushed to the peers, never committed: the crash leftover
        var everything = Peers.SelectMany(n => cluster.Peers.Stores[n].List(DateTimeOffset.UtcNow).Select(c => c.Id)).Distinct().ToList();
        Age(cluster, everything);
        var kept = everything.Except(orphan).ToList();
        Assert.Equal(9, kept.Count); // two versions and one part, three chunks each

        var report = await Sweeper(cluster, engine.CollectReferencedChunkIds).SweepOnceAsync(default);

        Assert.Equal(orphan.Count * 2, report.Deleted);
        Assert.True(OnNoPeer(cluster, orphan));
        Assert.True(OnEveryPeer(cluster, kept));
    }

    [Fact]
    public async Task Sweep_ChunkCommittedWhileListing_IsKept()
    {
        await using var cluster = new ReplicaCluster();
        var late = await StageAsync(cluster);
        Age(cluster, late);
        var looks = 0;
        // The first look at the metadata predates the commit; the second, after the listing, sees it.
        ISet<string> Referenced() => ++looks == 1 ? new HashSet<string>() : new HashSet<string>(late);

        var report = await Sweeper(cluster, Referenced).SweepOnceAsync(default);

        Assert.Equal(2, looks);
        Assert.Equal(0, report.Deleted);
        Assert.True(OnEveryPeer(cluster, late));
    }

    [Fact]
    public async Task Sweep_MetadataReferringToNothing_DeletesNothing()
    {
        // Metadata with no chunk at all while the peers hold many (an emptied or replaced database) is not a crash.
        await using var cluster = new ReplicaCluster();
        var unknown = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            unknown.AddRange(await StageAsync(cluster));
        }
        Age(cluster, unknown);

        var report = await Sweeper(cluster, () => new HashSet<string>()).SweepOnceAsync(default);

        Assert.Equal(0, report.Deleted);
        Assert.Equal(2, report.Nodes);
        Assert.True(OnEveryPeer(cluster, unknown));
    }

    [Fact]
    public async Task Sweep_ManyOrphansBesideLiveData_AreAllDeleted()
    {
        // A crash in the middle of a large upload on a young cluster: more orphans than live chunks, all of them go.
        await using var cluster = new ReplicaCluster();
        var live = await StageAsync(cluster);
        var orphans = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            orphans.AddRange(await StageAsync(cluster));
        }
        Age(cluster, [.. live, .. orphans]);

        var report = await Sweeper(cluster, () => new HashSet<string>(live)).SweepOnceAsync(default);

        Assert.Equal(orphans.Count * 2, report.Deleted);
        Assert.True(OnNoPeer(cluster, orphans));
        Assert.True(OnEveryPeer(cluster, live));
    }

    [Fact]
    public async Task Sweep_NodeDown_IsReportedAndTheOthersAreStillSwept()
    {
        await using var cluster = new ReplicaCluster();
        var orphan = await StageAsync(cluster);
        Age(cluster, orphan);
        cluster.Peers.Down[ReplicaCluster.C] = true;

        var report = await Sweeper(cluster, () => new HashSet<string>()).SweepOnceAsync(default);

        Assert.Equal([ReplicaCluster.C], report.FailedNodes);
        Assert.Equal(orphan.Count, report.Deleted);
        Assert.All(orphan, c => Assert.False(File.Exists(cluster.PathOn(ReplicaCluster.B, c))));
        Assert.All(orphan, c => Assert.True(File.Exists(cluster.PathOn(ReplicaCluster.C, c))));
    }
}
