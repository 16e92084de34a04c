using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

public sealed class ConcatenateTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concatenate_Parts_ReadsAsOneBodyWithoutCopyingChunks(bool customer)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var key = customer ? EncryptionSpec.Customer(new byte[32]) : EncryptionSpec.S3Managed;
        var parts = new[] { DataStoreScope.Bytes(700, 1), DataStoreScope.Bytes(513, 2), DataStoreScope.Bytes(40, 3) };
        var staged = new List<StagedData>();
        foreach (var part in parts)
        {
            staged.Add(await scope.StageAsync(part, key));
        }
        var filesBefore = scope.ChunkFiles().Length;

        var layout = scope.Store.Concatenate(staged.Select(s => s.Layout).ToList());

        var whole = parts.SelectMany(p => p).ToArray();
        var readKey = customer ? key : EncryptionSpec.None;
        Assert.Equal(filesBefore, scope.ChunkFiles().Length);
        Assert.Equal(whole, await scope.ReadAsync(layout, 0, whole.Length, readKey));
        Assert.Equal(whole[690..1220], await scope.ReadAsync(layout, 690, 530, readKey));
        Assert.Equal(whole[1213..], await scope.ReadAsync(layout, 1213, 40, readKey));
        var ids = new List<string>();
        scope.Store.CollectChunkIds(layout, ids);
        Assert.Equal(4, ids.Count);
    }

    [Fact]
    public async Task Concatenate_OfConcatenations_IsFlat()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var a = await scope.StageAsync(DataStoreScope.Bytes(600, 1));
        var b = await scope.StageAsync(DataStoreScope.Bytes(50, 2));
        var c = await scope.StageAsync(DataStoreScope.Bytes(600, 3));
        var ab = scope.Store.Concatenate([a.Layout, b.Layout]);

        var abc = scope.Store.Concatenate([ab, c.Layout]);
        var flat = scope.Store.Concatenate([a.Layout, b.Layout, c.Layout]);

        Assert.Equal(flat, abc);
        var whole = DataStoreScope.Bytes(600, 1).Concat(DataStoreScope.Bytes(50, 2)).Concat(DataStoreScope.Bytes(600, 3)).ToArray();
        Assert.Equal(whole, await scope.ReadAsync(abc, 0, whole.Length));
    }

    [Fact]
    public async Task Release_OfConcatenation_DeletesEveryPartsChunks()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var a = await scope.StageAsync(DataStoreScope.Bytes(600, 1));
        var b = await scope.StageAsync(DataStoreScope.Bytes(600, 2));
        a.MarkCommitted();
        b.MarkCommitted();

        await scope.Store.ReleaseAsync(scope.Store.Concatenate([a.Layout, b.Layout]), CancellationToken.None);

        Assert.Empty(scope.ChunkFiles());
    }
}
