using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Xunit.Abstractions;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>A 5 GB object in one PUT (the largest S3 takes) streams through the server and back with bounded memory.</summary>
[Collection(S3CloudCollection.Name)]
public sealed class S3LargeObjectTests(S3CloudFixture fixture, ITestOutputHelper output)
{
    private const long Size = 5_000_000_000;
    private const long MaxServerGrowth = 256L << 20;

    [Fact]
    public async Task FiveGigabytes_OnePut_StreamsThroughWithBoundedServerMemory()
    {
        using var s3 = new AmazonS3Client(new BasicAWSCredentials(fixture.AccessKey, fixture.SecretKey), new AmazonS3Config
        {
            ServiceURL = fixture.Endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            Timeout = TimeSpan.FromMinutes(10),
        });
        var bucket = S3CloudFixture.NewBucket("large");
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var pid = fixture.Cloud.Process.Id;
        var free = new DriveInfo(fixture.Cloud.Data).AvailableFreeSpace;
        Assert.True(free > 2 * Size, $"this test stores 5 GB under {fixture.Cloud.Data}, whose file system has only {free >> 30} GiB free");
        var before = ProcessMemory.ResetPeakRss(pid);
        try
        {
            // A stream the SDK cannot seek or buffer: it sends it as aws-chunked, signed chunk by chunk, with a CRC32 trailer.
            using var source = new PatternStream(Size);
            var put = new PutObjectRequest { BucketName = bucket, Key = "five-gb", InputStream = source, AutoCloseStream = false };
            put.Headers.ContentLength = Size;
            var stored = await s3.PutObjectAsync(put);
            var sent = source.Sha256OfRead();

            using (var get = await s3.GetObjectAsync(bucket, "five-gb"))
            {
                Assert.Equal(Size, get.ContentLength);
                Assert.Equal(stored.ETag, get.ETag);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 20];
                long total = 0;
                int n;
                while ((n = await get.ResponseStream.ReadAsync(buffer)) > 0)
                {
                    sha.AppendData(buffer, 0, n);
                    total += n;
                }
                Assert.Equal(Size, total);
                Assert.Equal(sent, Convert.ToHexStringLower(sha.GetHashAndReset()));
            }

            var growth = ProcessMemory.PeakRss(pid) - before;
            output.WriteLine($"server peak RSS during 5 GB PUT + GET: +{growth >> 20} MiB over {before >> 20} MiB");
            Assert.True(growth < MaxServerGrowth, $"the server's resident memory grew by {growth >> 20} MiB while 5 GB went through it");
        }
        finally
        {
            // 5 GB must not stay behind for the other tests, whatever happened.
            await s3.DeleteObjectAsync(bucket, "five-gb");
        }
    }
}
