using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>Crash and bitrot against a real <c>nimbus up</c>: kill -9 during a stream of PUTs, and a flipped byte in a
/// chunk file.</summary>
public sealed class S3DurabilityTests
{
    /// <summary>An object's bytes follow from its key and size, so any object found later can be checked whole.</summary>
    private static byte[] Content(string key, int size)
    {
        var bytes = new byte[size];
        var seed = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        for (var i = 0; i < size; i += 32)
        {
            seed = SHA256.HashData(seed);
            seed.AsSpan(0, Math.Min(32, size - i)).CopyTo(bytes.AsSpan(i));
        }
        return bytes;
    }

    private static AmazonS3Client Client(NimbusCloud cloud)
    {
        var (id, secret) = AwsFiles.ReadCredentials(cloud.Data);
        return new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials(id, secret), new AmazonS3Config
        {
            ServiceURL = cloud.S3!.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
        });
    }

    [Fact]
    public async Task KillDuringPuts_EveryAcknowledgedObjectSurvivesAndNoneIsPartial()
    {
        var data = NimbusCloud.NewDataDirectory();
        try
        {
            var acknowledged = new ConcurrentDictionary<string, int>();
            await using (var cloud = await NimbusCloud.StartAsync(data))
            {
                using var s3 = Client(cloud);
                await s3.PutBucketAsync(new PutBucketRequest { BucketName = "crash" });
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
                    {
                        // Small objects (inline in the metadata) and larger ones (chunk files), and overwrites of one key.
                        var key = i % 10 == 0 ? $"shared-{w}" : $"w{w}/obj-{i:D4}";
                        var size = i % 3 == 0 ? 200_000 + i : 1_000 + i;
                        try
                        {
                            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "crash", Key = key, InputStream = new MemoryStream(Content(key, size)) });
                            acknowledged[key] = size;
                        }
                        catch (Exception) when (stop.IsCancellationRequested || cloud.Process.HasExited)
                        {
                            return;
                        }
                    }
                })).ToArray();
                await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count >= 150), TimeSpan.FromMinutes(2), "150 acknowledged PUTs");
                cloud.Process.Kill(); // SIGKILL, mid-stream
                stop.Cancel();
                await cloud.Process.WaitForExitAsync();
                await Task.WhenAll(writers).WaitAsync(TimeSpan.FromMinutes(1));
            }

            await using var again = await NimbusCloud.StartAsync(data);
            using var client = Client(again);
            foreach (var (key, size) in acknowledged)
            {
                using var get = await client.GetObjectAsync("crash", key);
                using var copy = new MemoryStream();
                await get.ResponseStream.CopyToAsync(copy);
                // An overwritten key may hold a later acknowledged write or one in flight at the kill, but always a whole one.
                Assert.Equal(Content(key, (int)copy.Length), copy.ToArray());
                if (!key.StartsWith("shared-", StringComparison.Ordinal))
                {
                    Assert.Equal(size, copy.Length);
                }
            }
            string? token = null;
            do
            {
                var page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = "crash", ContinuationToken = token });
                foreach (var o in page.S3Objects ?? [])
                {
                    using var get = await client.GetObjectAsync("crash", o.Key);
                    using var copy = new MemoryStream();
                    await get.ResponseStream.CopyToAsync(copy);
                    Assert.Equal(o.Size, copy.Length);
                    Assert.Equal(Content(o.Key, (int)copy.Length), copy.ToArray());
                }
                token = page.IsTruncated == true ? page.NextContinuationToken : null;
            }
            while (token is not null);
        }
        finally
        {
            // The data dir is the test's own (it outlives the first cloud on purpose).
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task FlippedByteInAChunk_IsNeverServedAsData()
    {
        await using var cloud = await NimbusCloud.StartAsync();
        using var s3 = Client(cloud);
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = "rot" });
        var body = Content("rot", 3 * 1024 * 1024);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "rot", Key = "victim", InputStream = new MemoryStream(body) });

        var chunk = Directory.EnumerateFiles(Path.Combine(cloud.Data, "objects", "chunks"), "*", SearchOption.AllDirectories).Single();
        await using (var file = new FileStream(chunk, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = file.Length / 2;
            var b = file.ReadByte();
            file.Position = file.Length / 2;
            file.WriteByte((byte)(b ^ 0x5A));
        }

        // A single copy: the read fails (an S3 error, or a cut connection once the body has started) — never wrong bytes.
        var served = await ReadOrFailAsync(s3, "rot", "victim");
        Assert.Null(served);

        // A range that avoids the damaged block still reads.
        using var head = await s3.GetObjectAsync(new GetObjectRequest { BucketName = "rot", Key = "victim", ByteRange = new ByteRange(0, 1023) });
        using var copy = new MemoryStream();
        await head.ResponseStream.CopyToAsync(copy);
        Assert.Equal(body.AsSpan(0, 1024).ToArray(), copy.ToArray());
    }

    private static async Task<byte[]?> ReadOrFailAsync(AmazonS3Client s3, string bucket, string key)
    {
        try
        {
            using var get = await s3.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await get.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (Exception ex) when (ex is AmazonS3Exception or IOException or HttpRequestException)
        {
            return null;
        }
    }
}
