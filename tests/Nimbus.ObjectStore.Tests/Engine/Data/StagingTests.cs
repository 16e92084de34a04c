using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

public sealed class StagingTests
{
    [Theory]
    [InlineData(50, 60)] // inline, short
    [InlineData(50, 40)] // inline, long
    [InlineData(1500, 2000)] // chunked, short
    [InlineData(1500, 1000)] // chunked, long
    [InlineData(1500, 90)] // announced inline, sent chunked
    public async Task Stage_BodyNotOfAnnouncedLength_ThrowsAndLeavesNoFile(int sent, int announced)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        using var body = new MemoryStream(DataStoreScope.Bytes(sent));

        var error = await Assert.ThrowsAsync<IncompleteBodyException>(() =>
            scope.Store.StageAsync(body, new StageOptions(announced, ChecksumAlgorithm.None, EncryptionSpec.None), CancellationToken.None).AsTask());

        Assert.Equal(announced, error.Expected);
        Assert.Empty(scope.ChunkFiles());
    }

    [Fact]
    public async Task Stage_CancelledMidBody_LeavesNoFile()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        using var cancel = new CancellationTokenSource();
        var body = new CallbackStream(DataStoreScope.Bytes(5000), 1000, cancel.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            scope.Store.StageAsync(body, new StageOptions(null, ChecksumAlgorithm.None, EncryptionSpec.None), cancel.Token).AsTask());

        Assert.Empty(scope.ChunkFiles());
    }

    [Fact]
    public async Task Dispose_WithoutCommit_DeletesChunkFiles()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var staged = await scope.StageAsync(DataStoreScope.Bytes(1500));
        Assert.Equal(3, scope.ChunkFiles().Length);

        await staged.DisposeAsync();

        Assert.Empty(scope.ChunkFiles());
    }

    [Fact]
    public async Task Dispose_AfterCommit_KeepsChunkFiles()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(1500);
        var staged = await scope.StageAsync(body);

        staged.MarkCommitted();
        await staged.DisposeAsync();

        Assert.Equal(3, scope.ChunkFiles().Length);
        Assert.Equal(body, await scope.ReadAsync(staged.Layout, 0, body.Length));
    }

    [Fact]
    public async Task Stage_ChunkFiles_AreNamedByIdUnderTheirFanOutDirectory()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(1500));

        var ids = new List<string>();
        scope.Store.CollectChunkIds(staged.Layout, ids);
        Assert.Equal(3, ids.Count);
        foreach (var id in ids)
        {
            Assert.Matches("^[0-9a-f]{32}$", id);
            Assert.True(File.Exists(Path.Combine(scope.Directory, "chunks", id[..2], id)));
        }
        Assert.DoesNotContain(scope.ChunkFiles(), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    /// <summary>Hands out a body in reads, calling back once a given number of bytes went out.</summary>
    private sealed class CallbackStream(byte[] data, int after, Action callback) : MemoryStream(data, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= after)
            {
                callback();
            }
            return await base.ReadAsync(buffer[..Math.Min(buffer.Length, 300)], cancellationToken);
        }
    }
}
