using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

public sealed class RangeReadTests
{
    // Block 64, chunk 512: these offsets sit at, just before and just after block and chunk boundaries.
    private static readonly int[] Points = [0, 1, 63, 64, 65, 300, 511, 512, 513, 1000, 1023, 1024, 1025, 1536, 1541, 1542];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_EveryRangeBetweenBoundaries_ReturnsExactlyThoseBytes(bool encrypted)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(1542); // 3 chunks and a bit
        var encryption = encrypted ? EncryptionSpec.S3Managed : EncryptionSpec.None;
        await using var staged = await scope.StageAsync(body, encryption);

        foreach (var start in Points)
        {
            foreach (var end in Points)
            {
                if (end < start)
                {
                    continue;
                }
                var read = await scope.ReadAsync(staged.Layout, start, end - start);
                Assert.True(body.AsSpan(start, end - start).SequenceEqual(read), $"range [{start}, {end})");
            }
        }
    }

    [Fact]
    public async Task Read_RangeOfInlineBody_ReturnsThoseBytes()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var body = DataStoreScope.Bytes(90);
        await using var staged = await scope.StageAsync(body, EncryptionSpec.S3Managed);

        Assert.Equal(body[10..50], await scope.ReadAsync(staged.Layout, 10, 40));
        Assert.Equal(body[89..], await scope.ReadAsync(staged.Layout, 89, 1));
    }

    [Fact]
    public async Task OpenRead_RangePastTheEnd_Throws()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(600));

        Assert.Throws<ArgumentOutOfRangeException>(() => scope.Store.OpenRead(staged.Layout, 500, 101, default, out _));
    }

    [Fact]
    public async Task OpenRead_MalformedLayout_IsDataCorrupted()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(600));
        var layout = staged.Layout.ToArray()[..^3];

        Assert.Equal(EngineStatus.DataCorrupted, scope.Store.OpenRead(layout, 0, 1, default, out var stream));
        Assert.Null(stream);
    }
}
