using System.Security.Cryptography;

namespace Nimbus.IntegrationTests;

/// <summary>
/// A read-only, forward-only stream of <c>length</c> bytes made as they are read (nothing held beyond one 64 KiB block):
/// a fixed pseudo-random block, each copy stamped with its index so that no two are alike. Its length is unknown to
/// readers (no buffer can be sized from it), and it hashes what it hands out (<see cref="Sha256OfRead"/>).
/// </summary>
internal sealed class PatternStream(long length) : Stream
{
    private const int BlockSize = 64 * 1024;
    private static readonly byte[] Pattern = MakePattern();
    private readonly byte[] _block = (byte[])Pattern.Clone();
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    /// <summary>SHA-256 (lower-case hex) of the whole stream of <paramref name="length"/> bytes, computed by reading one.</summary>
    public static string Sha256(long length)
    {
        using var stream = new PatternStream(length);
        var buffer = new byte[BlockSize];
        while (stream.Read(buffer) > 0)
        {
        }
        return stream.Sha256OfRead();
    }

    /// <summary>SHA-256 (lower-case hex) of everything read so far; call once, at the end.</summary>
    public string Sha256OfRead() => Convert.ToHexStringLower(_sha.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var done = 0; done < n;)
        {
            var at = _position + done;
            BitConverter.TryWriteBytes(_block, at / BlockSize);
            var within = (int)(at % BlockSize);
            var take = Math.Min(n - done, BlockSize - within);
            _block.AsSpan(within, take).CopyTo(buffer[done..]);
            done += take;
        }
        _sha.AppendData(buffer[..n]);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
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

    private static byte[] MakePattern()
    {
        var block = new byte[BlockSize];
        new Random(20261122).NextBytes(block);
        return block;
    }
}
