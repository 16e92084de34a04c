using System.Security.Cryptography;
using System.Text;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine;

public sealed class MultipartTests
{
    private static async Task<MultipartUpload> CreateAsync(TestEngine t, string key = "big", ChecksumAlgorithm checksum = ChecksumAlgorithm.None,
        ChecksumType type = ChecksumType.Composite)
    {
        var created = await t.Engine.CreateUploadAsync("b", key, new ObjectAttributes { ContentType = "video/mp4" }, checksum, type, EncryptionSpec.None, default);
        Assert.Equal(EngineStatus.Ok, created.Status);
        return created.Upload!;
    }

    private static async Task<PartInfo> PartAsync(TestEngine t, MultipartUpload upload, int number, string content, ChecksumAlgorithm checksum = ChecksumAlgorithm.None)
    {
        var outcome = await t.Engine.CommitPartAsync("b", upload.Key, upload.UploadId, number, await t.StageAsync(content, checksum), default);
        Assert.Equal(EngineStatus.Ok, outcome.Status);
        return outcome.Part!;
    }

    private static Task<WriteOutcome> CompleteAsync(TestEngine t, MultipartUpload upload, params PartInfo[] parts) =>
        CompleteAsync(t, upload, null, parts);

    private static Task<WriteOutcome> CompleteAsync(TestEngine t, MultipartUpload upload, string? expectedChecksum, params PartInfo[] parts) =>
        t.Engine.CompleteUploadAsync("b", upload.Key, upload.UploadId, parts.Select(p => new CompletedPart(p.PartNumber, $"\"{p.ETag}\"", p.Checksum)).ToArray(),
            expectedChecksum, default, default).AsTask();

    [Fact]
    public async Task Complete_PartsInOrder_WritesObjectWithMultipartETagAndPartSizes()
    {
        await using var t = await TestEngine.StartAsync(minimumPartSize: 5);
        var upload = await CreateAsync(t);
        Assert.Equal(22, upload.UploadId.Length);
        var p1 = await PartAsync(t, upload, 1, "hello");
        var p2 = await PartAsync(t, upload, 2, "world");
        var p3 = await PartAsync(t, upload, 3, "!");

        var done = await CompleteAsync(t, upload, p1, p2, p3);

        Assert.Equal(EngineStatus.Ok, done.Status);
        var md5s = new[] { "hello", "world", "!" }.SelectMany(s => MD5.HashData(Encoding.UTF8.GetBytes(s))).ToArray();
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(md5s)) + "-3", done.Version!.ETag);
        var got = (await t.GetAsync("big")).Version!;
        Assert.Equal(done.Version.ETag, got.ETag);
        Assert.Equal([5L, 5L, 1L], got.PartSizes);
        Assert.Equal(11, got.Size);
        Assert.Equal("video/mp4", got.Attributes.ContentType);
        Assert.Equal("helloworld!", t.Read(got));
        Assert.Equal(EngineStatus.NoSuchUpload, (await t.Engine.GetUploadAsync("b", "big", upload.UploadId, default)).Status);
        Assert.Empty(t.Data.Released);
    }

    [Fact]
    public async Task Complete_BreakingPartRules_FailsWithS3Errors()
    {
        await using var t = await TestEngine.StartAsync();
        var upload = await CreateAsync(t);
        var p1 = await PartAsync(t, upload, 1, "small");
        var p2 = await PartAsync(t, upload, 2, "last");

        Assert.Equal(EngineStatus.InvalidPartOrder, (await CompleteAsync(t, upload, p2, p1)).Status);
        Assert.Equal(EngineStatus.InvalidPart, (await CompleteAsync(t, upload, p1 with { ETag = "00000000000000000000000000000000" }, p2)).Status);
        Assert.Equal(EngineStatus.InvalidPart, (await CompleteAsync(t, upload, p1, p2 with { PartNumber = 3 })).Status);
        Assert.Equal(EngineStatus.EntityTooSmall, (await CompleteAsync(t, upload, p1, p2)).Status);
        Assert.Equal(EngineStatus.NoSuchUpload, (await t.Engine.CompleteUploadAsync("b", "other-key", upload.UploadId, [], null, default, default)).Status);
        Assert.Equal(EngineStatus.Ok, (await CompleteAsync(t, upload, p2)).Status);
    }

    [Fact]
    public async Task CommitPart_SameNumberTwice_ReplacesAndReleasesTheFirst()
    {
        await using var t = await TestEngine.StartAsync(minimumPartSize: 1);
        var upload = await CreateAsync(t);
        await PartAsync(t, upload, 1, "draft");
        var final = await PartAsync(t, upload, 1, "final");

        Assert.True(t.Data.WasReleased("draft"));
        var parts = await t.Engine.ListPartsAsync("b", "big", upload.UploadId, 0, 100, default);
        Assert.Equal(final, Assert.Single(parts.Parts));
        Assert.Equal("final", t.Read((await CompleteAsync(t, upload, final)).Version!));
    }

    [Fact]
    public async Task Complete_PartsNotNamed_AreReleased()
    {
        await using var t = await TestEngine.StartAsync(minimumPartSize: 1);
        var upload = await CreateAsync(t);
        var p1 = await PartAsync(t, upload, 1, "one");
        await PartAsync(t, upload, 2, "two");
        var p3 = await PartAsync(t, upload, 3, "three");

        var done = await CompleteAsync(t, upload, p1, p3);

        Assert.Equal("onethree", t.Read(done.Version!));
        Assert.Equal(["two"], t.Data.Released.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public async Task Complete_WithChecksumAlgorithm_StoresCompositeChecksum()
    {
        await using var t = await TestEngine.StartAsync(minimumPartSize: 1);
        var upload = await CreateAsync(t, checksum: ChecksumAlgorithm.Sha256);
        var p1 = await PartAsync(t, upload, 1, "alpha", ChecksumAlgorithm.Sha256);
        var p2 = await PartAsync(t, upload, 2, "beta", ChecksumAlgorithm.Sha256);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData("alpha"u8)), p1.Checksum);

        Assert.Equal(EngineStatus.InvalidPart, (await CompleteAsync(t, upload, p1 with { Checksum = p2.Checksum }, p2)).Status);
        var done = await CompleteAsync(t, upload, p1, p2);

        var expected = Convert.ToBase64String(SHA256.HashData([.. SHA256.HashData("alpha"u8), .. SHA256.HashData("beta"u8)])) + "-2";
        Assert.Equal(expected, done.Version!.Checksum);
        Assert.Equal(ChecksumAlgorithm.Sha256, (await t.GetAsync("big")).Version!.ChecksumAlgorithm);
        Assert.Equal(expected, (await t.GetAsync("big")).Version!.Checksum);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme)]
    public async Task Complete_FullObjectType_StoresTheWholeObjectsCrcAndChecksTheClientsValue(ChecksumAlgorithm algorithm)
    {
        await using var t = await TestEngine.StartAsync(minimumPartSize: 1);
        var upload = await CreateAsync(t, checksum: algorithm, type: ChecksumType.FullObject);
        Assert.Equal(ChecksumType.FullObject, upload.ChecksumType);
        Assert.Equal(ChecksumType.FullObject, (await t.Engine.GetUploadAsync("b", "big", upload.UploadId, default)).Upload!.ChecksumType);
        var p1 = await PartAsync(t, upload, 1, "the quick brown fox ", algorithm);
        var p2 = await PartAsync(t, upload, 2, "jumps over ", algorithm);
        var p3 = await PartAsync(t, upload, 3, "the lazy dog", algorithm);
        var whole = Checksum.ComputeBase64(algorithm, "the quick brown fox jumps over the lazy dog"u8);
        var wrong = Checksum.ComputeBase64(algorithm, "the quick brown fox jumps over the lazy cat"u8);

        Assert.Equal(EngineStatus.BadDigest, (await CompleteAsync(t, upload, wrong, p1, p2, p3)).Status);
        var done = await CompleteAsync(t, upload, whole, p1, p2, p3);

        Assert.Equal(EngineStatus.Ok, done.Status);
        Assert.Equal(whole, done.Version!.Checksum);
        Assert.Equal(whole, (await t.GetAsync("big")).Version!.Checksum);
    }

    [Fact]
    public async Task Complete_CompositeType_AcceptsTheClientsValueWithOrWithoutPartCount()
    {
        await using var t = await TestEngine.StartAsync(minimumPartSize: 1);
        var upload = await CreateAsync(t, checksum: ChecksumAlgorithm.Crc32C);
        var p1 = await PartAsync(t, upload, 1, "alpha", ChecksumAlgorithm.Crc32C);
        var composite = Checksum.ComputeBase64(ChecksumAlgorithm.Crc32C, Convert.FromBase64String(p1.Checksum!));

        Assert.Equal(EngineStatus.BadDigest, (await CompleteAsync(t, upload, "AAAAAA==", p1)).Status);
        Assert.Equal(EngineStatus.Ok, (await CompleteAsync(t, upload, composite, p1)).Status);
        Assert.Equal(composite + "-1", (await t.GetAsync("big")).Version!.Checksum);
    }

    [Fact]
    public async Task Abort_ReleasesEveryPartAndForgetsTheUpload()
    {
        await using var t = await TestEngine.StartAsync();
        var upload = await CreateAsync(t);
        await PartAsync(t, upload, 1, "one");
        await PartAsync(t, upload, 2, "two");

        Assert.Equal(EngineStatus.Ok, await t.Engine.AbortUploadAsync("b", "big", upload.UploadId, default));

        Assert.Equal(["one", "two"], t.Data.Released.Select(Encoding.UTF8.GetString).Order());
        Assert.Equal(EngineStatus.NoSuchUpload, await t.Engine.AbortUploadAsync("b", "big", upload.UploadId, default));
        var late = await t.Engine.CommitPartAsync("b", "big", upload.UploadId, 3, await t.StageAsync("late"), default);
        Assert.Equal(EngineStatus.NoSuchUpload, late.Status);
        Assert.Equal(1, t.Data.Discarded);
    }

    [Fact]
    public async Task DeleteBucket_WithUploadsInProgress_AbortsThem()
    {
        await using var t = await TestEngine.StartAsync();
        var upload = await CreateAsync(t);
        await PartAsync(t, upload, 1, "part");

        Assert.Equal(EngineStatus.Ok, await t.Engine.DeleteBucketAsync("b", default));

        Assert.True(t.Data.WasReleased("part"));
        Assert.Equal(EngineStatus.Ok, await t.Engine.CreateBucketAsync("b", "owner", default));
        Assert.Empty((await t.Engine.ListUploadsAsync(new UploadsQuery("b", "", null, null, null, 10), default)).Uploads);
    }

    [Fact]
    public async Task ListParts_Paged_ReturnsPartsInOrder()
    {
        await using var t = await TestEngine.StartAsync();
        var upload = await CreateAsync(t);
        foreach (var n in new[] { 3, 1, 2, 5 })
        {
            await PartAsync(t, upload, n, $"part{n}");
        }

        var first = await t.Engine.ListPartsAsync("b", "big", upload.UploadId, 0, 3, default);
        Assert.Equal([1, 2, 3], first.Parts.Select(p => p.PartNumber));
        Assert.True(first.IsTruncated);
        Assert.Equal(3, first.NextPartNumberMarker);
        Assert.Equal(upload.UploadId, first.Upload!.UploadId);
        var rest = await t.Engine.ListPartsAsync("b", "big", upload.UploadId, first.NextPartNumberMarker, 3, default);
        Assert.Equal([5], rest.Parts.Select(p => p.PartNumber));
        Assert.False(rest.IsTruncated);
        Assert.Equal(EngineStatus.NoSuchUpload, (await t.Engine.ListPartsAsync("b", "big", "nope", 0, 3, default)).Status);
    }

    [Fact]
    public async Task ListUploads_PagedWithMarkersAndDelimiter_ReturnsEachUploadOnce()
    {
        await using var t = await TestEngine.StartAsync();
        var a1 = await CreateAsync(t, "a");
        var a2 = await CreateAsync(t, "a");
        var b1 = await CreateAsync(t, "b");
        await CreateAsync(t, "dir/x");
        await CreateAsync(t, "dir/y");

        var seen = new List<string>();
        var prefixes = new List<string>();
        string? keyMarker = null;
        string? uploadMarker = null;
        while (true)
        {
            var page = await t.Engine.ListUploadsAsync(new UploadsQuery("b", "", "/", keyMarker, uploadMarker, 2), default);
            seen.AddRange(page.Uploads.Select(u => u.UploadId));
            prefixes.AddRange(page.CommonPrefixes);
            if (!page.IsTruncated)
            {
                break;
            }
            (keyMarker, uploadMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }

        Assert.Equal([a1.UploadId, a2.UploadId, b1.UploadId], seen);
        Assert.Equal(["dir/"], prefixes);
    }
}
