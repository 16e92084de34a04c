using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>A body staged by <see cref="LocalDataStore"/>: its digests, its layout, and the chunk files to delete if it is never committed.</summary>
internal sealed class LocalStagedData(
    LocalDataStore store, long length, byte[] md5, byte[] sha256, ChecksumAlgorithm algorithm, byte[] checksum, byte[] layout, IReadOnlyList<ChunkRef> chunks)
    : StagedData
{
    private int _state; // 0 staged, 1 committed, 2 disposed

    public override long Length => length;

    public override ReadOnlyMemory<byte> Md5 => md5;

    public override ReadOnlyMemory<byte> Sha256 => sha256;

    public override ChecksumAlgorithm ChecksumAlgorithm => algorithm;

    public override ReadOnlyMemory<byte> Checksum => checksum;

    internal override ReadOnlyMemory<byte> Layout => layout;

    internal override void MarkCommitted()
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("the staged data was already committed or disposed");
        }
        // From now the metadata store's references protect the chunks from the orphan sweep.
        store.ForgetInProgress(chunks);
    }

    public override ValueTask DisposeAsync()
    {
        if (Interlocked.CompareExchange(ref _state, 2, 0) == 0)
        {
            store.DeleteUncommitted(chunks);
        }
        return ValueTask.CompletedTask;
    }
}
