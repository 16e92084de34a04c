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
        var before = ResetPeakRss(pid);
        try
        {
            // A stream the SDK cannot seek or buffer: it sends it as aws-chunked, signed chunk by chunk, with a CRC32 trailer.
            var source = new GeneratedStream(Size);
            var put = new PutObjectRequest { BucketName = bucket, Key = "five-gb", InputStream = source, AutoCloseStream = false };
            put.Headers.ContentLength = Size;
            var stored = await s3.PutObjectAsync(put);
            var sent = source.Sha256();

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
                Assert.Equal(Convert.ToHexString(sent), Convert.ToHexString(sha.GetHashAndReset()));
            }

            var growth = PeakRss(pid) - before;
            output.WriteLine($"server peak RSS during 5 GB PUT + GET: +{growth >> 20} MiB over {before >> 20} MiB");
            Assert.True(growth < MaxServerGrowth, $"the server's resident memory grew by {growth >> 20} MiB while 5 GB went through it");
        }
        finally
        {
            // 5 GB must not stay behind for the other tests, whatever happened.
            await s3.DeleteObjectAsync(bucket, "five-gb");
        }
    }

    /// <summary>Resets the process's peak RSS (VmHWM) to its current RSS and returns that.</summary>
    private static long ResetPeakRss(int pid)
    {
        File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        return PeakRss(pid);
    }

    private static long PeakRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        throw new InvalidOperationException("no VmHWM in /proc/pid/status");
    }

    /// <summary>
    /// <paramref name="length"/> bytes made on the fly (a random 1 MiB block, each copy stamped with its index so no two
    /// are alike), read once, forward only, hashing what it hands out.
    /// </summary>
    private sealed class GeneratedStream(long length) : Stream
    {
        private readonly byte[] _block = RandomNumberGenerator.GetBytes(1 << 20);
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public byte[] Sha256() => _sha.GetHashAndReset();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var done = 0; done < n;)
            {
                var index = (_position + done) >> 20;
                var within = (int)((_position + done) & ((1 << 20) - 1));
                BitConverter.TryWriteBytes(_block, index);
                var take = Math.Min(n - done, _block.Length - within);
                _block.AsSpan(within, take).CopyTo(buffer[done..]);
                done += take;
            }
            _sha.AppendData(buffer[..n]);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _sha.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
