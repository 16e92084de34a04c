using System.Collections.Concurrent;
using Nimbus.ObjectStore.Replication;

namespace Nimbus.ObjectStore.Tests.Replication;

/// <summary>Peers as directories: each node id maps to a <see cref="PeerChunkStore"/> (pushes are verified and installed
/// as the real peer API does). Nodes in <see cref="Down"/> fail every call.</summary>
internal sealed class FakePeers : IChunkPeers
{
    public ConcurrentDictionary<string, PeerChunkStore> Stores { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, bool> Down { get; } = new(StringComparer.Ordinal);

    public int Puts;

    public async Task<PushResult> PutAsync(StorageNodeInfo node, string chunkId, string path, CancellationToken ct)
    {
        Interlocked.Increment(ref Puts);
        if (Down.ContainsKey(node.Id) || !Stores.TryGetValue(node.Id, out var store))
        {
            return PushResult.Failed;
        }
        if (!File.Exists(path))
        {
            return PushResult.SourceMissing;
        }
        var temp = store.NewTempPath();
        File.Copy(path, temp);
        try
        {
            return await store.InstallAsync(chunkId, temp, ct) ? PushResult.Ok : PushResult.Failed;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public async Task<bool> ReadAsync(StorageNodeInfo node, string chunkId, long offset, Memory<byte> destination, CancellationToken ct)
    {
        if (Down.ContainsKey(node.Id) || !Stores.TryGetValue(node.Id, out var store) || !File.Exists(store.Paths.FileOf(chunkId)))
        {
            return false;
        }
        await using var file = File.OpenRead(store.Paths.FileOf(chunkId));
        file.Position = offset;
        await file.ReadExactlyAsync(destination, ct);
        return true;
    }

    public Task<bool> DownloadAsync(StorageNodeInfo node, string chunkId, string path, CancellationToken ct)
    {
        if (Down.ContainsKey(node.Id) || !Stores.TryGetValue(node.Id, out var store) || !File.Exists(store.Paths.FileOf(chunkId)))
        {
            return Task.FromResult(false);
        }
        File.Copy(store.Paths.FileOf(chunkId), path);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<PeerChunk> ListAsync(StorageNodeInfo node, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        if (Down.ContainsKey(node.Id) || !Stores.TryGetValue(node.Id, out var store))
        {
            throw new HttpRequestException($"node {node.Id} is down");
        }
        foreach (var chunk in store.List(DateTimeOffset.UtcNow))
        {
            ct.ThrowIfCancellationRequested();
            yield return chunk;
        }
        await Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(StorageNodeInfo node, string chunkId, CancellationToken ct)
    {
        if (Down.ContainsKey(node.Id) || !Stores.TryGetValue(node.Id, out var store))
        {
            return Task.FromResult(false);
        }
        store.Delete(chunkId);
        return Task.FromResult(true);
    }

    public Task<Nimbus.ObjectStore.Engine.Metadata.FeedResult> ReadChangesAsync(StorageNodeInfo node, ChangesQuery query,
        Func<Stream, CancellationToken, Task<Nimbus.ObjectStore.Engine.Metadata.FeedResult>> apply, CancellationToken ct) =>
        throw new NotSupportedException("the metadata feed is tested over real HTTP (MetadataReplicationTests)");

    public Task<byte[]> GetMasterKeyAsync(StorageNodeInfo node, CancellationToken ct) =>
        throw new NotSupportedException("the metadata feed is tested over real HTTP (MetadataReplicationTests)");
}
