namespace Nimbus.ObjectStore.Replication;

/// <summary>The chunk API of other storage nodes (<see cref="PeerClient"/>; fakes in tests). No call throws for a peer's failure.</summary>
internal interface IChunkPeers
{
    Task<PushResult> PutAsync(StorageNodeInfo node, string chunkId, string path, CancellationToken ct);

    Task<bool> ReadAsync(StorageNodeInfo node, string chunkId, long offset, Memory<byte> destination, CancellationToken ct);

    Task<bool> DownloadAsync(StorageNodeInfo node, string chunkId, string path, CancellationToken ct);

    Task<bool> DeleteAsync(StorageNodeInfo node, string chunkId, CancellationToken ct);

    /// <summary>Every chunk the node holds, streamed. The one call that throws (<see cref="HttpRequestException"/>,
    /// <see cref="IOException"/>, a timeout) when the peer fails part-way: a partial list must not look whole.</summary>
    IAsyncEnumerable<PeerChunk> ListAsync(StorageNodeInfo node, CancellationToken ct);

    /// <summary>Asks the metadata node for the changes after <paramref name="query"/>'s position and hands the feed to
    /// <paramref name="apply"/>. Throws when the node fails or the feed is not whole (the apply then commits nothing).</summary>
    Task<Engine.Metadata.FeedResult> ReadChangesAsync(StorageNodeInfo node, ChangesQuery query,
        Func<Stream, CancellationToken, Task<Engine.Metadata.FeedResult>> apply, CancellationToken ct);

    /// <summary>The metadata node's SSE-S3 master key. Throws when the node fails or answers anything but a key.</summary>
    Task<byte[]> GetMasterKeyAsync(StorageNodeInfo node, CancellationToken ct);
}
