using System.Buffers;
using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// Yields exactly the plaintext range [offset, offset+length) of a layout, a run of verified blocks at a time. Data keys
/// are unwrapped segment by segment as the read reaches them. Not seekable. Disposing lets go of the chunks it holds
/// (see <see cref="ChunkLeases"/>).
/// </summary>
internal sealed class LayoutReadStream : Stream
{
    private readonly DataLayout _layout;
    private readonly byte[] _masterKey;
    private readonly byte[] _customerKey;
    private readonly ChunkBlockReader _reader;
    private readonly ChunkLeases _leases;
    private readonly List<string> _held;
    private readonly long _end;
    private long _position;
    private int _segment = -1;
    private long _segmentStart;
    private AesGcm? _aes;
    private int _chunk;
    private long _chunkStart;
    private byte[] _inline = [];
    private ReadOnlyMemory<byte> _window;
    private bool _disposed;

    // masterKey: the node's (SSE-S3 segments). customerKey: a copy of the customer's (SSE-C segments), zeroed on dispose, or empty.
    // held: chunk ids already acquired in leases for this read, released on dispose.
    public LayoutReadStream(DataLayout layout, long offset, long length, byte[] masterKey, byte[] customerKey, ChunkPaths paths, IChunkReplicaSource replicas, ChunkLeases leases, List<string> held)
    {
        _layout = layout;
        _masterKey = masterKey;
        _customerKey = customerKey;
        _reader = new ChunkBlockReader(paths, replicas);
        _leases = leases;
        _held = held;
        _position = offset;
        _end = offset + length;
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= _end)
        {
            return 0;
        }
        if (_window.IsEmpty)
        {
            await FillAsync(cancellationToken).ConfigureAwait(false);
        }
        return Take(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty || _position >= _end)
        {
            return 0;
        }
        if (_window.IsEmpty)
        {
            // Synchronous readers are rare (Kestrel reads asynchronously); they share the one verified code path.
            FillAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        return Take(buffer);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (!_disposed && disposing)
        {
            _disposed = true;
            _reader.Dispose();
            _aes?.Dispose();
            CryptographicOperations.ZeroMemory(_customerKey);
            if (_inline.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_inline, clearArray: true);
            }
            foreach (var id in _held)
            {
                _leases.Release(id);
            }
        }
        base.Dispose(disposing);
    }

    private int Take(Span<byte> destination)
    {
        var n = (int)Math.Min(Math.Min(destination.Length, _window.Length), _end - _position);
        _window.Span[..n].CopyTo(destination);
        _window = _window[n..];
        _position += n;
        return n;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        var segment = EnterSegment();
        var inSegment = _position - _segmentStart;
        if (segment.IsInline)
        {
            FillInline(segment, inSegment);
            return;
        }
        var chunks = segment.Chunks!;
        while (inSegment >= _chunkStart + chunks[_chunk].Length)
        {
            _chunkStart += chunks[_chunk].Length;
            _chunk++;
        }
        var chunk = chunks[_chunk];
        var remaining = _end - _position;
        if (!ReferenceEquals(_reader.Chunk, chunk))
        {
            await _reader.OpenAsync(chunk, _aes is not null, remaining > 1024 * 1024, cancellationToken).ConfigureAwait(false);
        }
        var inChunk = inSegment - _chunkStart;
        var firstBlock = inChunk / _reader.BlockSize;
        var skip = (int)(inChunk - firstBlock * _reader.BlockSize);
        var plaintext = await _reader.ReadAsync(firstBlock, skip + remaining, _aes, cancellationToken).ConfigureAwait(false);
        _window = _reader.Buffer.AsMemory(skip, plaintext - skip);
    }

    private LayoutSegment EnterSegment()
    {
        var segments = _layout.Segments;
        var changed = false;
        if (_segment < 0)
        {
            _segment = 0;
            _segmentStart = 0;
            changed = true;
        }
        while (_position >= _segmentStart + segments[_segment].Length)
        {
            _segmentStart += segments[_segment].Length;
            _segment++;
            changed = true;
        }
        var segment = segments[_segment];
        if (changed)
        {
            _chunk = 0;
            _chunkStart = 0;
            _aes?.Dispose();
            _aes = segment.Encryption == EncryptionKind.None ? null : UnwrapDataKey(segment, segment.Encryption == EncryptionKind.S3Managed ? _masterKey : _customerKey)
                ?? throw new DataCorruptedException($"the data key of segment {_segment} cannot be unwrapped: the layout is damaged");
        }
        return segment;
    }

    private void FillInline(LayoutSegment segment, long inSegment)
    {
        var stored = segment.InlineBlock.Length;
        if (_inline.Length < stored)
        {
            if (_inline.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_inline, clearArray: true);
            }
            _inline = ArrayPool<byte>.Shared.Rent(stored);
        }
        segment.InlineBlock.Span.CopyTo(_inline);
        var length = (int)segment.Length;
        if (!BlockCodec.TryOpen(_inline.AsSpan(0, stored), length, _aes, segment.InlineNoncePrefix, 0))
        {
            throw new DataCorruptedException($"the inline data of segment {_segment} failed its checksum");
        }
        _window = _inline.AsMemory((int)inSegment, length - (int)inSegment);
    }

    /// <summary>An AES-GCM instance over the segment's data key, or null when the wrapping key does not unwrap it.</summary>
    public static AesGcm? UnwrapDataKey(LayoutSegment segment, ReadOnlySpan<byte> wrappingKey)
    {
        Span<byte> dataKey = stackalloc byte[KeyWrap.KeySize];
        try
        {
            return KeyWrap.TryUnwrap(wrappingKey, segment.Encryption, segment.WrappedKey.Span, dataKey)
                ? new AesGcm(dataKey, BlockCodec.TagSize)
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }
}
