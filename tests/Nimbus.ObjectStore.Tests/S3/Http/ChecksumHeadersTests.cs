using System.Security.Cryptography;
using System.Text;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;
using Nimbus.ObjectStore.S3;
using Nimbus.ObjectStore.S3.Http;
using Nimbus.ObjectStore.Tests.Engine;

namespace Nimbus.ObjectStore.Tests.S3.Http;

public sealed class ChecksumHeadersTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("hello world");
    private static readonly string Md5 = Convert.ToBase64String(MD5.HashData(Body));
    private static readonly string Sha256Hex = Convert.ToHexStringLower(SHA256.HashData(Body));
    private static readonly string Sha256Base64 = Convert.ToBase64String(SHA256.HashData(Body));

    private static async Task<StagedData> StageAsync(ChecksumAlgorithm algorithm) =>
        await new FakeDataStore().StageAsync(new MemoryStream(Body), new StageOptions(null, algorithm, EncryptionSpec.None), default).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    [Fact]
    public void Requested_NoHeaders_Fallback()
    {
        Assert.Equal(ChecksumAlgorithm.None, ChecksumHeaders.Requested(Requests.With()));
        Assert.Equal(ChecksumAlgorithm.Crc32C, ChecksumHeaders.Requested(Requests.With(), ChecksumAlgorithm.Crc32C));
    }

    [Theory]
    [InlineData("x-amz-checksum-crc32", ChecksumAlgorithm.Crc32)]
    [InlineData("x-amz-checksum-crc32c", ChecksumAlgorithm.Crc32C)]
    [InlineData("x-amz-checksum-crc64nvme", ChecksumAlgorithm.Crc64Nvme)]
    [InlineData("x-amz-checksum-sha1", ChecksumAlgorithm.Sha1)]
    [InlineData("X-Amz-Checksum-SHA256", ChecksumAlgorithm.Sha256)]
    public void Requested_ChecksumHeader_NamesAlgorithm(string header, ChecksumAlgorithm expected) =>
        Assert.Equal(expected, ChecksumHeaders.Requested(Requests.With((header, "AAAA"))));

    [Fact]
    public void Requested_Trailer_NamesAlgorithm() =>
        Assert.Equal(ChecksumAlgorithm.Crc32, ChecksumHeaders.Requested(Requests.With(("x-amz-trailer", "X-Amz-Checksum-Crc32"))));

    [Fact]
    public void Requested_HeaderBeatsSdkAlgorithm() =>
        Assert.Equal(ChecksumAlgorithm.Sha1, ChecksumHeaders.Requested(Requests.With(("x-amz-checksum-sha1", "x"), ("x-amz-sdk-checksum-algorithm", "CRC32"))));

    [Theory]
    [InlineData("x-amz-sdk-checksum-algorithm", "crc32c", ChecksumAlgorithm.Crc32C)]
    [InlineData("x-amz-checksum-algorithm", "SHA256", ChecksumAlgorithm.Sha256)]
    public void Requested_NamedAlgorithm(string header, string value, ChecksumAlgorithm expected) =>
        Assert.Equal(expected, ChecksumHeaders.Requested(Requests.With((header, value))));

    [Fact]
    public void Requested_UnknownAlgorithm_InvalidRequest()
    {
        var ex = Assert.Throws<S3Exception>(() => ChecksumHeaders.Requested(Requests.With(("x-amz-sdk-checksum-algorithm", "MD5"))));
        Assert.Equal("InvalidRequest", ex.Error.Code);
    }

    [Fact]
    public void Requested_TwoChecksumHeaders_InvalidRequest()
    {
        var ex = Assert.Throws<S3Exception>(() => ChecksumHeaders.Requested(Requests.With(("x-amz-checksum-crc32", "AAAAAA=="), ("x-amz-checksum-sha256", "AAAA"))));
        Assert.Equal("InvalidRequest", ex.Error.Code);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "x-amz-checksum-crc32")]
    [InlineData(ChecksumAlgorithm.Crc32C, "x-amz-checksum-crc32c")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "x-amz-checksum-crc64nvme")]
    [InlineData(ChecksumAlgorithm.Sha1, "x-amz-checksum-sha1")]
    [InlineData(ChecksumAlgorithm.Sha256, "x-amz-checksum-sha256")]
    public void HeaderName_IsLowerCaseAwsName(ChecksumAlgorithm algorithm, string expected)
    {
        Assert.Equal(expected, ChecksumHeaders.HeaderName(algorithm));
        Assert.Equal("x-amz-checksum-" + Checksum.Name(algorithm), ChecksumHeaders.HeaderName(algorithm));
    }

    [Fact]
    public async Task Verify_AllDigestsCorrect_Passes()
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.Sha256);
        var request = Requests.With(("Content-MD5", Md5), ("x-amz-checksum-sha256", Sha256Base64));
        ChecksumHeaders.Verify(request, staged, null, Sha256Hex.ToUpperInvariant());
        Assert.Equal(Sha256Base64, Convert.ToBase64String(staged.Checksum.Span));
    }

    [Fact]
    public async Task Verify_WrongContentMd5_BadDigest()
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.None);
        var wrong = Convert.ToBase64String(MD5.HashData("other"u8));
        AssertCode("BadDigest", () => ChecksumHeaders.Verify(Requests.With(("Content-MD5", wrong)), staged, null, null));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Verify_MalformedContentMd5_InvalidDigest(string md5)
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.None);
        AssertCode("InvalidDigest", () => ChecksumHeaders.Verify(Requests.With(("Content-MD5", md5)), staged, null, null));
    }

    [Fact]
    public async Task Verify_WrongPayloadHash_Sha256Mismatch()
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.None);
        AssertCode("XAmzContentSHA256Mismatch", () => ChecksumHeaders.Verify(Requests.With(), staged, null, new string('0', 64)));
    }

    [Fact]
    public async Task Verify_WrongChecksumHeader_BadDigest()
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.Sha256);
        var wrong = Convert.ToBase64String(SHA256.HashData("other"u8));
        var ex = AssertCode("BadDigest", () => ChecksumHeaders.Verify(Requests.With(("x-amz-checksum-sha256", wrong)), staged, null, null));
        Assert.Contains("x-amz-checksum-sha256", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ChecksumInTrailer_ComparedCaseInsensitively()
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.Sha256);
        var request = Requests.With(("x-amz-trailer", "x-amz-checksum-sha256"));
        ChecksumHeaders.Verify(request, staged, new Dictionary<string, string> { ["X-Amz-Checksum-Sha256"] = Sha256Base64 }, null);
        AssertCode("BadDigest", () => ChecksumHeaders.Verify(request, staged, new Dictionary<string, string> { ["x-amz-checksum-sha256"] = "AAAA" }, null));
    }

    [Fact]
    public async Task Verify_PromisedTrailerMissing_InvalidRequest()
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.Crc32);
        var request = Requests.With(("x-amz-trailer", "x-amz-checksum-crc32"));
        AssertCode("InvalidRequest", () => ChecksumHeaders.Verify(request, staged, new Dictionary<string, string>(), null));
    }

    [Fact]
    public async Task Verify_OnlyAlgorithmNamed_Passes()
    {
        await using var staged = await StageAsync(ChecksumAlgorithm.Crc32C);
        ChecksumHeaders.Verify(Requests.With(("x-amz-sdk-checksum-algorithm", "CRC32C")), staged, null, null);
        Assert.Equal(4, staged.Checksum.Length);
    }

    private static S3Error AssertCode(string code, Action action)
    {
        var ex = Assert.Throws<S3Exception>(action);
        Assert.Equal(code, ex.Error.Code);
        Assert.Equal(400, ex.Error.Status);
        return ex.Error;
    }
}
