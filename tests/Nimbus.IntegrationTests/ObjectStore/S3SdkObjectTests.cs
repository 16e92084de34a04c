using System.Net;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>Objects through the AWS SDK for .NET, configured as an application would for a custom endpoint.
/// The SDK's defaults are kept: aws-chunked signed uploads with CRC32 trailers over plain HTTP.</summary>
[Collection(S3CloudCollection.Name)]
public sealed class S3SdkObjectTests(S3CloudFixture fixture)
{
    private async Task<(AmazonS3Client Client, string Bucket)> BucketAsync(string prefix)
    {
        var client = fixture.Client();
        var bucket = S3CloudFixture.NewBucket(prefix);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        return (client, bucket);
    }

    [Fact]
    public async Task PutThenGet_ReturnsBytesMetadataAndHeaders()
    {
        var (s3, bucket) = await BucketAsync("obj");
        var body = RandomNumberGenerator.GetBytes(300_000);
        var put = new PutObjectRequest { BucketName = bucket, Key = "dir/a file+plus.bin", InputStream = new MemoryStream(body), ContentType = "application/x-test" };
        put.Metadata.Add("color", "blue");
        var putResponse = await s3.PutObjectAsync(put);
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"", putResponse.ETag);

        using var get = await s3.GetObjectAsync(bucket, "dir/a file+plus.bin");
        Assert.Equal("application/x-test", get.Headers.ContentType);
        Assert.Equal("blue", get.Metadata["x-amz-meta-color"]);
        Assert.Equal(putResponse.ETag, get.ETag);
        Assert.Equal(body, await ReadAllAsync(get.ResponseStream));

        var head = await s3.GetObjectMetadataAsync(bucket, "dir/a file+plus.bin");
        Assert.Equal(body.Length, head.ContentLength);
    }

    [Fact]
    public async Task RangeGet_ReturnsTheSliceAndUnsatisfiableRangeIs416()
    {
        var (s3, bucket) = await BucketAsync("range");
        var body = Encoding.ASCII.GetBytes("0123456789abcdefghij");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "r", InputStream = new MemoryStream(body) });
        using var slice = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = new ByteRange(5, 9) });
        Assert.Equal("56789", Encoding.ASCII.GetString(await ReadAllAsync(slice.ResponseStream)));
        Assert.Equal(HttpStatusCode.PartialContent, slice.HttpStatusCode);

        var ex = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "r", ByteRange = new ByteRange(100, 200) }));
        Assert.Equal("InvalidRange", ex.ErrorCode);
        Assert.Equal((HttpStatusCode)416, ex.StatusCode);
    }

    [Fact]
    public async Task ConditionalRequests_FollowS3Rules()
    {
        var (s3, bucket) = await BucketAsync("cond");
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c", ContentBody = "v1" });

        var failed = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToMatch = "\"0000\"" }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, failed.StatusCode);

        var notModified = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "c", EtagToNotMatch = put.ETag }));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // Create-only PUT: If-None-Match: * refuses to replace an existing key.
        var createOnly = new PutObjectRequest { BucketName = bucket, Key = "c", ContentBody = "v2", IfNoneMatch = "*" };
        var conflict = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutObjectAsync(createOnly));
        Assert.Equal(HttpStatusCode.PreconditionFailed, conflict.StatusCode);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "new", ContentBody = "v1", IfNoneMatch = "*" });

        using var still = await s3.GetObjectAsync(bucket, "c");
        Assert.Equal("v1", Encoding.UTF8.GetString(await ReadAllAsync(still.ResponseStream)));
    }

    [Fact]
    public async Task CopyObject_CopiesOrReplacesMetadata()
    {
        var (s3, bucket) = await BucketAsync("copy");
        var put = new PutObjectRequest { BucketName = bucket, Key = "src", ContentBody = "hello", ContentType = "text/plain" };
        put.Metadata.Add("a", "1");
        await s3.PutObjectAsync(put);

        await s3.CopyObjectAsync(new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "same" });
        var same = await s3.GetObjectMetadataAsync(bucket, "same");
        Assert.Equal("1", same.Metadata["x-amz-meta-a"]);
        Assert.Equal("text/plain", same.Headers.ContentType);

        var replace = new CopyObjectRequest { SourceBucket = bucket, SourceKey = "src", DestinationBucket = bucket, DestinationKey = "replaced", MetadataDirective = S3MetadataDirective.REPLACE, ContentType = "text/x-other" };
        replace.Metadata.Add("b", "2");
        await s3.CopyObjectAsync(replace);
        var replaced = await s3.GetObjectMetadataAsync(bucket, "replaced");
        Assert.Equal("2", replaced.Metadata["x-amz-meta-b"]);
        Assert.DoesNotContain("x-amz-meta-a", replaced.Metadata.Keys);
        using var body = await s3.GetObjectAsync(bucket, "replaced");
        Assert.Equal("hello", Encoding.UTF8.GetString(await ReadAllAsync(body.ResponseStream)));
    }

    [Fact]
    public async Task Multipart_UploadCompleteAndReadBack_WithMultipartETag()
    {
        var (s3, bucket) = await BucketAsync("mpu");
        var part1 = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var part2 = RandomNumberGenerator.GetBytes(1234);
        var init = await s3.InitiateMultipartUploadAsync(bucket, "big");
        var p1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId, PartNumber = 1, InputStream = new MemoryStream(part1) });
        var p2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "big", UploadId = init.UploadId, PartNumber = 2, InputStream = new MemoryStream(part2) });

        var parts = await s3.ListPartsAsync(bucket, "big", init.UploadId);
        Assert.Equal([1, 2], parts.Parts.Select(p => p.PartNumber ?? 0));
        var uploads = await s3.ListMultipartUploadsAsync(bucket);
        Assert.Contains(uploads.MultipartUploads, u => u.UploadId == init.UploadId);

        var done = await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "big", UploadId = init.UploadId,
            PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        });
        var expected = Convert.ToHexStringLower(MD5.HashData([.. MD5.HashData(part1), .. MD5.HashData(part2)])) + "-2";
        Assert.Equal($"\"{expected}\"", done.ETag);
        using var get = await s3.GetObjectAsync(bucket, "big");
        var read = await ReadAllAsync(get.ResponseStream);
        Assert.Equal(part1.Concat(part2).ToArray(), read);
    }

    [Fact]
    public async Task Multipart_FullObjectCrc32_IsTheWholeObjectsCrcAndTheSdkVerifiesIt()
    {
        var (s3, bucket) = await BucketAsync("mpfull");
        var part1 = RandomNumberGenerator.GetBytes(5 * 1024 * 1024);
        var part2 = RandomNumberGenerator.GetBytes(4321);
        // The SDK computes this one itself (aws-chunked trailer) and the server checks it: an independent whole-object CRC.
        var single = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = "single", InputStream = new MemoryStream(part1.Concat(part2).ToArray()), ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        });
        var init = await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = bucket, Key = "big", ChecksumAlgorithm = ChecksumAlgorithm.CRC32, ChecksumType = ChecksumType.FULL_OBJECT,
        });
        UploadPartRequest Part(int n, byte[] data) => new()
        {
            BucketName = bucket, Key = "big", UploadId = init.UploadId, PartNumber = n, InputStream = new MemoryStream(data), ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
        };
        var p1 = await s3.UploadPartAsync(Part(1, part1));
        var p2 = await s3.UploadPartAsync(Part(2, part2));
        CompleteMultipartUploadRequest Complete(string crc) => new()
        {
            BucketName = bucket, Key = "big", UploadId = init.UploadId, ChecksumCRC32 = crc, ChecksumType = ChecksumType.FULL_OBJECT,
            PartETags = [new PartETag { PartNumber = 1, ETag = p1.ETag, ChecksumCRC32 = p1.ChecksumCRC32 }, new PartETag { PartNumber = 2, ETag = p2.ETag, ChecksumCRC32 = p2.ChecksumCRC32 }],
        };

        var wrong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(Complete(p1.ChecksumCRC32)));
        Assert.Equal("BadDigest", wrong.ErrorCode);
        var done = await s3.CompleteMultipartUploadAsync(Complete(single.ChecksumCRC32));

        Assert.Equal(single.ChecksumCRC32, done.ChecksumCRC32);
        Assert.Equal(ChecksumType.FULL_OBJECT, done.ChecksumType);
        // With checksum mode on, the SDK checks the body it reads against the whole-object CRC the server returns.
        using var get = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "big", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(single.ChecksumCRC32, get.ChecksumCRC32);
        var read = await ReadAllAsync(get.ResponseStream);
        Assert.Equal(part1.Concat(part2).ToArray(), read);
    }

    [Fact]
    public async Task Multipart_SmallFirstPartOrWrongETag_IsRejected()
    {
        var (s3, bucket) = await BucketAsync("mpubad");
        var init = await s3.InitiateMultipartUploadAsync(bucket, "k");
        var p1 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = init.UploadId, PartNumber = 1, InputStream = new MemoryStream(new byte[100]) });
        var p2 = await s3.UploadPartAsync(new UploadPartRequest { BucketName = bucket, Key = "k", UploadId = init.UploadId, PartNumber = 2, InputStream = new MemoryStream(new byte[100]) });
        var small = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "k", UploadId = init.UploadId, PartETags = [new PartETag(1, p1.ETag), new PartETag(2, p2.ETag)],
        }));
        Assert.Equal("EntityTooSmall", small.ErrorCode);
        var wrong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = bucket, Key = "k", UploadId = init.UploadId, PartETags = [new PartETag(1, "\"00000000000000000000000000000000\"")],
        }));
        Assert.Equal("InvalidPart", wrong.ErrorCode);
        await s3.AbortMultipartUploadAsync(bucket, "k", init.UploadId);
        var gone = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.ListPartsAsync(bucket, "k", init.UploadId));
        Assert.Equal("NoSuchUpload", gone.ErrorCode);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "k"));
    }

    [Fact]
    public async Task Checksums_Sha256AndCrc32_AreVerifiedAndReturned()
    {
        var (s3, bucket) = await BucketAsync("sum");
        var body = Encoding.UTF8.GetBytes("checksummed content");
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "s", InputStream = new MemoryStream(body), ChecksumAlgorithm = ChecksumAlgorithm.SHA256 });
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(body)), put.ChecksumSHA256);
        var c = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "c", InputStream = new MemoryStream(body), ChecksumAlgorithm = ChecksumAlgorithm.CRC32 });
        Assert.False(string.IsNullOrEmpty(c.ChecksumCRC32));

        using var get = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "s", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(body, await ReadAllAsync(get.ResponseStream));
        Assert.Equal(put.ChecksumSHA256, get.ChecksumSHA256);

        var wrong = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = "bad", InputStream = new MemoryStream(body), ChecksumSHA256 = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("other"))),
        }));
        Assert.Equal("BadDigest", wrong.ErrorCode);
        await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "bad"));
    }

    [Fact]
    public async Task Tagging_PutGetDelete()
    {
        var (s3, bucket) = await BucketAsync("tags");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "t", ContentBody = "x" });
        await s3.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = "t", Tagging = new Tagging { TagSet = [new Tag { Key = "env", Value = "test" }] } });
        var tags = await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" });
        var tag = Assert.Single(tags.Tagging);
        Assert.Equal(("env", "test"), (tag.Key, tag.Value));
        await s3.DeleteObjectTaggingAsync(new DeleteObjectTaggingRequest { BucketName = bucket, Key = "t" });
        Assert.Empty((await s3.GetObjectTaggingAsync(new GetObjectTaggingRequest { BucketName = bucket, Key = "t" })).Tagging ?? []);
    }

    [Fact]
    public async Task ServerSideEncryption_AES256_IsReportedAndReadable()
    {
        var (s3, bucket) = await BucketAsync("sse");
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "e", ContentBody = "secret text", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
        Assert.Equal(ServerSideEncryptionMethod.AES256, put.ServerSideEncryptionMethod);
        using var get = await s3.GetObjectAsync(bucket, "e");
        Assert.Equal(ServerSideEncryptionMethod.AES256, get.ServerSideEncryptionMethod);
        Assert.Equal("secret text", Encoding.UTF8.GetString(await ReadAllAsync(get.ResponseStream)));
    }

    [Fact]
    public async Task PresignedUrl_WorksWithPlainHttpAndExpires()
    {
        var (s3, bucket) = await BucketAsync("presign");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "p", ContentBody = "presigned body" });
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "p", Verb = HttpVerb.GET, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        using var http = new HttpClient();
        Assert.Equal("presigned body", await http.GetStringAsync(url));

        var put = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "uploaded", Verb = HttpVerb.PUT, Expires = DateTime.UtcNow.AddMinutes(5), Protocol = Protocol.HTTP });
        using var response = await http.PutAsync(put, new StringContent("via presigned put"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var get = await s3.GetObjectAsync(bucket, "uploaded");
        Assert.Equal("via presigned put", Encoding.UTF8.GetString(await ReadAllAsync(get.ResponseStream)));

        var tampered = url.Replace("/p?", "/uploaded?", StringComparison.Ordinal);
        using var forged = await http.GetAsync(tampered);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("<Code>SignatureDoesNotMatch</Code>", await forged.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TransferUtility_MultipartUploadAndDownload_WithTheSdksDefaultChecksums()
    {
        var (s3, bucket) = await BucketAsync("xfer");
        var body = RandomNumberGenerator.GetBytes(21 * 1024 * 1024);
        using var transfer = new Amazon.S3.Transfer.TransferUtility(s3);
        // 5 MiB parts: a 5-part multipart upload as applications do it, with the SDK's default CRC32 per part.
        await transfer.UploadAsync(new Amazon.S3.Transfer.TransferUtilityUploadRequest
        {
            BucketName = bucket, Key = "big.bin", InputStream = new MemoryStream(body), PartSize = 5 * 1024 * 1024,
        });
        var head = await s3.GetObjectMetadataAsync(bucket, "big.bin");
        Assert.Equal(body.Length, head.ContentLength);
        Assert.EndsWith("-5\"", head.ETag);
        using var get = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "big.bin", ChecksumMode = ChecksumMode.ENABLED });
        Assert.Equal(body, await ReadAllAsync(get.ResponseStream));
    }

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
