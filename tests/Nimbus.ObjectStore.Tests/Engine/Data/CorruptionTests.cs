using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

public sealed class CorruptionTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FlippedByte_ReadOfItsBlockThrows_OtherChunksStillRead(bool encrypted)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(1542);
        await using var staged = await scope.StageAsync(body, encrypted ? EncryptionSpec.S3Managed : EncryptionSpec.None);
        var firstChunk = FirstChunk(scope, staged);
        FlipByte(scope.ChunkPath(firstChunk), ChunkFormat.HeaderSize + 100); // inside block 1 of chunk 0

        await Assert.ThrowsAsync<DataCorruptedException>(() => scope.ReadAsync(staged.Layout, 0, body.Length));
        await Assert.ThrowsAsync<DataCorruptedException>(() => scope.ReadAsync(staged.Layout, 70, 10));
        Assert.Equal(body[..64], await scope.ReadAsync(staged.Layout, 0, 64)); // block 0 is intact
        Assert.Equal(body[512..], await scope.ReadAsync(staged.Layout, 512, body.Length - 512));
        Assert.Equal(0, scope.Store.LeasedChunks);
    }

    [Fact]
    public async Task FlippedByte_NeverYieldsCorruptBytesBeforeFailing()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(1542);
        await using var staged = await scope.StageAsync(body);
        FlipByte(scope.ChunkPath(FirstChunk(scope, staged)), ChunkFormat.HeaderSize + 68 * 2 + 5); // block 2

        Assert.Equal(EngineStatus.Ok, scope.Store.OpenRead(staged.Layout, 0, body.Length, default, out var stream));
        var received = new List<byte>();
        var buffer = new byte[10];
        await using (stream)
        {
            await Assert.ThrowsAsync<DataCorruptedException>(async () =>
            {
                int n;
                while ((n = await stream!.ReadAsync(buffer)) > 0)
                {
                    received.AddRange(buffer.AsSpan(0, n));
                }
            });
        }
        Assert.Equal(body.AsSpan(0, received.Count).ToArray(), received.ToArray());
    }

    [Theory]
    [InlineData(3)] // magic
    [InlineData(14)] // plaintext length
    [InlineData(30)] // chunk id
    public async Task DamagedHeader_ReadThrows(int offset)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(600));
        FlipByte(scope.ChunkPath(FirstChunk(scope, staged)), offset);

        await Assert.ThrowsAsync<DataCorruptedException>(() => scope.ReadAsync(staged.Layout, 0, 10));
    }

    [Fact]
    public async Task TruncatedOrMissingChunk_ReadThrows()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(1200));
        var ids = new List<string>();
        scope.Store.CollectChunkIds(staged.Layout, ids);
        using (var file = File.OpenWrite(scope.ChunkPath(ids[0])))
        {
            file.SetLength(file.Length - 1);
        }
        File.Delete(scope.ChunkPath(ids[2]));

        await Assert.ThrowsAsync<DataCorruptedException>(() => scope.ReadAsync(staged.Layout, 0, 10));
        await Assert.ThrowsAsync<DataCorruptedException>(() => scope.ReadAsync(staged.Layout, 1100, 10));
    }

    [Fact]
    public async Task FlippedByteInInlineLayout_ReadThrows()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(80));
        var layout = staged.Layout.ToArray();
        layout[^10] ^= 0x20;

        await Assert.ThrowsAsync<DataCorruptedException>(() => scope.ReadAsync(layout, 0, 80));
    }

    [Fact]
    public async Task CorruptLocalBlock_IsServedFromReplica()
    {
        var replicas = new CopyReplicas();
        await using var scope = new DataStoreScope(DataStoreScope.Small, replicas);
        var body = DataStoreScope.Bytes(1542);
        await using var staged = await scope.StageAsync(body, EncryptionSpec.S3Managed);
        var path = scope.ChunkPath(FirstChunk(scope, staged));
        replicas.Keep(path);
        FlipByte(path, ChunkFormat.HeaderSize + 100);

        Assert.Equal(body, await scope.ReadAsync(staged.Layout, 0, body.Length));
        Assert.True(replicas.Reads > 0);
    }

    [Fact]
    public async Task Scrubber_FindsFlippedByte_AndRepairsWhenAReplicaHasIt()
    {
        var replicas = new CopyReplicas();
        await using var scope = new DataStoreScope(DataStoreScope.Small, replicas);
        var body = DataStoreScope.Bytes(1542);
        await using var staged = await scope.StageAsync(body);
        staged.MarkCommitted();
        var id = FirstChunk(scope, staged);
        var scrubber = ScrubberTests.Create(scope);

        var clean = await scrubber.ScrubOnceAsync(CancellationToken.None);
        Assert.Equal((4L, 0L, 0L), (clean.ChunksChecked, clean.CorruptChunks, clean.RepairedChunks));

        replicas.Keep(scope.ChunkPath(id));
        FlipByte(scope.ChunkPath(id), ChunkFormat.HeaderSize + 300);
        var repaired = await scrubber.ScrubOnceAsync(CancellationToken.None);

        Assert.Equal((4L, 1L, 1L), (repaired.ChunksChecked, repaired.CorruptChunks, repaired.RepairedChunks));
        Assert.Equal([id], repaired.CorruptChunkIds);
        Assert.Equal(body, await scope.ReadAsync(staged.Layout, 0, body.Length));
        Assert.Equal(0, (await scrubber.ScrubOnceAsync(CancellationToken.None)).CorruptChunks);
    }

    internal static string FirstChunk(DataStoreScope scope, StagedData staged)
    {
        var ids = new List<string>();
        scope.Store.CollectChunkIds(staged.Layout, ids);
        return ids[0];
    }

    internal static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x01));
    }

    /// <summary>Another node's copy of a chunk, kept by copying the local file before the test damages it.</summary>
    private sealed class CopyReplicas : IChunkReplicaSource
    {
        private readonly Dictionary<string, byte[]> _copies = [];

        public int Reads { get; private set; }

        public void Keep(string path) => _copies[Path.GetFileName(path)] = File.ReadAllBytes(path);

        public ValueTask<bool> TryReadAsync(ChunkRef chunk, long fileOffset, Memory<byte> destination, CancellationToken cancellationToken)
        {
            if (!_copies.TryGetValue(chunk.Id, out var copy) || fileOffset + destination.Length > copy.Length)
            {
                return ValueTask.FromResult(false);
            }
            Reads++;
            copy.AsSpan((int)fileOffset, destination.Length).CopyTo(destination.Span);
            return ValueTask.FromResult(true);
        }

        public async ValueTask<bool> TryRepairAsync(string chunkId, string localPath, CancellationToken cancellationToken)
        {
            if (!_copies.TryGetValue(chunkId, out var copy))
            {
                return false;
            }
            await File.WriteAllBytesAsync(localPath, copy, cancellationToken);
            return true;
        }
    }
}
