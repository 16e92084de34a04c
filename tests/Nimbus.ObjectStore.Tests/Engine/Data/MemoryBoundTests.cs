using System.Security.Cryptography;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.Tests.Engine.Data;

[Collection(nameof(MemoryMeasurement))]
public sealed class MemoryBoundTests
{
    private const long Size = 256L * 1024 * 1024;

    [Fact]
    public async Task Stage_256MiBStreamedBody_UsesBoundedMemory_AndReadsBackIdentical()
    {
        await using var scope = new DataStoreScope();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var body = new GeneratedStream(Size, baseline);

        await using var staged = await scope.Store.StageAsync(body, new StageOptions(Size, ChecksumAlgorithm.None, EncryptionSpec.S3Managed), timeout.Token);

        Assert.Equal(Size, staged.Length);
        Assert.Equal(body.Sha256(), staged.Sha256.ToArray());
        Assert.True(body.PeakGrowth < 64L * 1024 * 1024, $"managed memory grew by {body.PeakGrowth} bytes while staging");

        Assert.Equal(EngineStatus.Ok, scope.Store.OpenRead(staged.Layout, 0, Size, default, out var stream));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long peak = 0, read = 0;
        await using (stream)
        {
            int n;
            while ((n = await stream!.ReadAsync(buffer, timeout.Token)) > 0)
            {
                sha.AppendData(buffer, 0, n);
                read += n;
                if ((read & 0xFFFFFF) < n)
                {
                    peak = Math.Max(peak, GC.GetTotalMemory(false) - baseline);
                }
            }
        }
        Assert.Equal(Size, read);
        Assert.Equal(body.Sha256(), sha.GetHashAndReset());
        Assert.True(peak < 64L * 1024 * 1024, $"managed memory grew by {peak} bytes while reading");
    }

    /// <summary>A long body made up as it is read (a counter pattern), sampling managed memory as it goes.</summary>
    private sealed class GeneratedStream(long length, long baseline) : Stream
    {
        private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _position;
        private byte[]? _digest;

        public long PeakGrowth { get; private set; }

        public byte[] Sha256() => _digest ??= _sha.GetHashAndReset();

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(buffer.Length, length - _position);
            for (var i = 0; i < n; i++)
            {
                var p = _position + i;
                buffer[i] = (byte)((p >> 3) ^ (p >> 13) ^ p);
            }
            _sha.AppendData(buffer[..n]);
            if (((_position + n) & 0xFFFFFF) < n)
            {
                PeakGrowth = Math.Max(PeakGrowth, GC.GetTotalMemory(false) - baseline);
            }
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush()
        {
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
