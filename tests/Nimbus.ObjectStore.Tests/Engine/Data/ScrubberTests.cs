using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Engine.Data;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

public sealed class ScrubberTests
{
    internal static ChunkScrubber Create(DataStoreScope scope, TimeProvider? time = null, TimeSpan? interval = null) =>
        new(scope.Store, new ChunkScrubberOptions { Interval = interval ?? TimeSpan.FromHours(1), BytesPerSecond = 0 }, time ?? TimeProvider.System, NullLogger<ChunkScrubber>.Instance);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ScrubOnce_FlippedByte_IsReportedAndReadsStillFailCleanly(bool encrypted)
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var staged = await scope.StageAsync(DataStoreScope.Bytes(1542), encrypted ? Nimbus.ObjectStore.Engine.EncryptionSpec.S3Managed : default);
        staged.MarkCommitted();
        var id = CorruptionTests.FirstChunk(scope, staged);
        CorruptionTests.FlipByte(scope.ChunkPath(id), new FileInfo(scope.ChunkPath(id)).Length - 1); // the last block's CRC
        var scrubber = Create(scope);

        var report = await scrubber.ScrubOnceAsync(CancellationToken.None);

        Assert.Equal(4, report.ChunksChecked);
        Assert.Equal(1, report.CorruptChunks);
        Assert.Equal(0, report.RepairedChunks);
        Assert.Equal([id], report.CorruptChunkIds);
        Assert.True(File.Exists(scope.ChunkPath(id)));
        Assert.Same(report, scrubber.LastReport);
        await Assert.ThrowsAsync<Nimbus.ObjectStore.Engine.DataCorruptedException>(() => scope.ReadAsync(staged.Layout, 0, 512));
    }

    [Fact]
    public async Task ScrubOnce_SkipsChunksStillBeingStaged()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        await using var staged = await scope.StageAsync(DataStoreScope.Bytes(1000));

        var report = await Create(scope).ScrubOnceAsync(CancellationToken.None);

        Assert.Equal(0, report.ChunksChecked);
    }

    [Fact]
    public async Task Background_RunsAPassEachInterval()
    {
        await using var scope = new DataStoreScope(DataStoreScope.Small);
        var staged = await scope.StageAsync(DataStoreScope.Bytes(1000));
        staged.MarkCommitted();
        var time = new ManualTimeProvider();
        using var scrubber = Create(scope, time, TimeSpan.FromMinutes(10));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await scrubber.StartAsync(timeout.Token);
        try
        {
            await WaitUntilAsync(() => time.TimerCount > 0, timeout.Token);
            Assert.Equal(0, scrubber.Passes);

            time.Advance(TimeSpan.FromMinutes(10));
            await WaitUntilAsync(() => scrubber.Passes == 1, timeout.Token);
            time.Advance(TimeSpan.FromMinutes(10));
            await WaitUntilAsync(() => scrubber.Passes == 2, timeout.Token);

            Assert.Equal(2, scrubber.LastReport!.ChunksChecked);
        }
        finally
        {
            await scrubber.StopAsync(timeout.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
