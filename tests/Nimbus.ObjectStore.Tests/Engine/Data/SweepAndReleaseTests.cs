using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

public sealed class SweepAndReleaseTests
{
    [Fact]
    public async Task Sweep_DeletesUnreferencedChunksAndTempFiles_KeepsReferencedAndStaging()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var kept = await scope.StageAsync(DataStoreScope.Bytes(1000, 1));
        kept.MarkCommitted();
        var orphan = await scope.StageAsync(DataStoreScope.Bytes(1000, 2));
        orphan.MarkCommitted(); // committed, then its version was lost with a crash before the metadata commit
        await using var staging = await scope.StageAsync(DataStoreScope.Bytes(1000, 3));
        var leftoverTemp = Path.Combine(scope.Directory, "chunks", "ab", "ab" + new string('0', 30) + ".tmp");
        await File.WriteAllBytesAsync(leftoverTemp, [1, 2, 3]);
        var referenced = new HashSet<string>();
        scope.Store.CollectChunkIds(kept.Layout, referenced);

        var deleted = await scope.Store.SweepOrphansAsync(referenced, CancellationToken.None);

        Assert.Equal(3, deleted);
        Assert.False(File.Exists(leftoverTemp));
        Assert.Equal(4, scope.ChunkFiles().Length);
        Assert.Equal(DataStoreScope.Bytes(1000, 1), await scope.ReadAsync(kept.Layout, 0, 1000));
        Assert.Equal(DataStoreScope.Bytes(1000, 3), await scope.ReadAsync(staging.Layout, 0, 1000));
    }

    [Fact]
    public async Task Release_DeletesTheChunkFiles()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var staged = await scope.StageAsync(DataStoreScope.Bytes(1500));
        staged.MarkCommitted();

        await scope.Store.ReleaseAsync(staged.Layout, CancellationToken.None);

        Assert.Empty(scope.ChunkFiles());
    }

    [Fact]
    public async Task Release_WhileAReaderIsOpen_ReaderFinishes_ThenFilesGo()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(1500);
        var staged = await scope.StageAsync(body);
        staged.MarkCommitted();
        Assert.Equal(EngineStatus.Ok, scope.Store.OpenRead(staged.Layout, 0, body.Length, default, out var stream));
        var first = new byte[100];
        await stream!.ReadExactlyAsync(first);

        await scope.Store.ReleaseAsync(staged.Layout, CancellationToken.None);
        Assert.Equal(3, scope.ChunkFiles().Length);
        var rest = await DataStoreScope.ReadAllAsync(stream);
        await stream.DisposeAsync();

        Assert.Equal(body, first.Concat(rest).ToArray());
        Assert.Empty(scope.ChunkFiles());
        Assert.Equal(0, scope.Store.LeasedChunks);
    }

    [Fact]
    public async Task Release_InlineLayout_IsANoOp()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(10));

        await scope.Store.ReleaseAsync(staged.Layout, CancellationToken.None);

        Assert.Empty(scope.ChunkFiles());
    }
}
