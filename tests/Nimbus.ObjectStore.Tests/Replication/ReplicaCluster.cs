using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.Tests.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Replication;

/// <summary>
/// Three storage nodes in three zones in temp directories: node a has a <see cref="LocalDataStore"/> replicating
/// through a <see cref="ChunkReplicator"/> to b and c, which are <see cref="PeerChunkStore"/>s behind <see cref="FakePeers"/>.
/// </summary>
internal sealed class ReplicaCluster : IAsyncDisposable
{
    public const string A = "sn-00000000000a", B = "sn-00000000000b", C = "sn-00000000000c";

    public ReplicaCluster(TimeSpan? grace = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "nimbus-repl-" + Guid.NewGuid().ToString("N"));
        Identity = new NodeIdentity(A, "zone-a");
        Identity.Bind(new Uri("http://127.0.0.1/a/"));
        Nodes.Set(FixedNodes.Node(A, "zone-a"), FixedNodes.Node(B, "zone-b"), FixedNodes.Node(C, "zone-c"));
        var dirA = Path.Combine(Root, "a");
        Directory.CreateDirectory(dirA);
        foreach (var (id, name) in new[] { (B, "b"), (C, "c") })
        {
            var dir = Path.Combine(Root, name);
            Directory.CreateDirectory(dir);
            Peers.Stores[id] = new PeerChunkStore(dir, new ChunkPaths(dir));
        }
        Options = new ReplicationOptions { StragglerGrace = grace ?? TimeSpan.FromSeconds(5), CatchUpInterval = TimeSpan.FromSeconds(1) };
        Paths = new ChunkPaths(dirA);
        Queue = new CatchUpQueue(dirA);
        LocalStore = new PeerChunkStore(dirA, Paths);
        Replicator = new ChunkReplicator(Identity, Nodes, Peers, Queue, Paths, Options, TimeProvider.System, NullLogger<ChunkReplicator>.Instance);
        ReplicaSource = new PeerChunkReplicas(Identity, Nodes, Peers, LocalStore, NullLogger<PeerChunkReplicas>.Instance);
        CatchUp = new CatchUpReplicator(Queue, Nodes, Peers, Paths, Options, TimeProvider.System, NullLogger<CatchUpReplicator>.Instance);
        Store = new LocalDataStore(DataStoreScope.Small(dirA), ReplicaSource, NullLogger<LocalDataStore>.Instance, Replicator);
    }

    public string Root { get; }
    public NodeIdentity Identity { get; }
    public FixedNodes Nodes { get; } = new();
    public FakePeers Peers { get; } = new();
    public ReplicationOptions Options { get; }
    public ChunkPaths Paths { get; }
    public CatchUpQueue Queue { get; }
    public PeerChunkStore LocalStore { get; }
    public ChunkReplicator Replicator { get; }
    public PeerChunkReplicas ReplicaSource { get; }
    public CatchUpReplicator CatchUp { get; }
    public LocalDataStore Store { get; }

    public string PathOn(string node, string chunkId) => node == A ? Paths.FileOf(chunkId) : Peers.Stores[node].Paths.FileOf(chunkId);

    public async Task<StagedData> StageAsync(byte[] body, int replicas = 3)
    {
        using var stream = new MemoryStream(body, writable: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Store.StageAsync(stream, new StageOptions(body.Length, Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.None, default) { Replicas = replicas }, timeout.Token);
    }

    public List<ChunkRef> Chunks(StagedData staged)
    {
        Assert.True(LayoutCodec.TryParse(staged.Layout, out var layout));
        var chunks = new List<ChunkRef>();
        foreach (var segment in layout.Segments)
        {
            chunks.AddRange(segment.Chunks ?? []);
        }
        return chunks;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        CatchUp.Dispose();
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
