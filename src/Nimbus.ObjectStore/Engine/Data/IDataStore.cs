namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Where object bytes live. A body is staged into a <see cref="StagedData"/> whose <see cref="StagedData.Layout"/> is an
/// opaque, versioned byte string the metadata store keeps with the version: small bodies are inline in it (so a
/// small PUT costs one metadata commit), larger ones are referenced chunk files written and fsynced during staging.
/// </summary>
internal interface IDataStore : IAsyncDisposable
{
    ValueTask<StagedData> StageAsync(Stream body, StageOptions options, CancellationToken cancellationToken);

    /// <summary>Reads [offset, offset+length) of the plaintext a layout describes, verifying every block.</summary>
    EngineStatus OpenRead(ReadOnlyMemory<byte> layout, long offset, long length, EncryptionSpec key, out Stream? stream);

    /// <summary>The layout of parts stored one after the other (CompleteMultipartUpload); no data is copied.</summary>
    byte[] Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> layouts);

    /// <summary>Releases the chunk files of a layout no committed version refers to any more. Safe against reads in progress.</summary>
    ValueTask ReleaseAsync(ReadOnlyMemory<byte> layout, CancellationToken cancellationToken);

    /// <summary>Chunk ids a layout refers to (for the startup sweep of orphaned chunk files).</summary>
    void CollectChunkIds(ReadOnlyMemory<byte> layout, ICollection<string> into);
}
