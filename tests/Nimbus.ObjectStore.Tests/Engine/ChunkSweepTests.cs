using System.Text;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine;

public sealed class ChunkSweepTests
{
    [Fact]
    public async Task CollectReferencedChunkIds_AfterReopen_HoldsLiveVersionsAndPartsOnly()
    {
        await using var t = await TestEngine.StartAsync();
        await t.PutAsync("kept", "kept-data");
        await t.PutAsync("gone", "gone-data");
        await t.DeleteAsync("gone");
        var upload = (await t.Engine.CreateUploadAsync("b", "mp", ObjectAttributes.Empty, Nimbus.ObjectStore.Checksums.ChecksumAlgorithm.None, Nimbus.ObjectStore.Checksums.ChecksumType.Composite, EncryptionSpec.None, default)).Upload!;
        await t.Engine.CommitPartAsync("b", "mp", upload.UploadId, 1, await t.StageAsync("part-data"), default);

        await t.ReopenAsync();
        var ids = t.Engine.CollectReferencedChunkIds();

        Assert.Equal(
            new[] { "kept-data", "part-data" }.Select(s => FakeDataStore.ChunkId(Encoding.UTF8.GetBytes(s))).Order(),
            ids.Order());
    }
}
