using System.Buffers;
using System.Security.Cryptography;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// Decodes a <c>Content-Encoding: aws-chunked</c> body (<c>hex-size[;chunk-signature=sig]\r\n data \r\n</c> ...,
/// a final empty chunk, then optional trailers and an empty line), checking every chunk signature and the
/// trailer signature as it goes. Data is passed on before its chunk's signature is checked (the caller discards
/// what it staged when this throws), but the stream never reports end-of-body unless everything checked out.
/// </summary>
internal sealed class AwsChunkedStream : Stream
{
    public const int MaxLineLength = 4096;
    public const int MaxChunkSize = 16 * 1024 * 1024;
    public const int MaxTrailerBytes = 16 * 1024;
    private const int BufferSize = 16 * 1024;


    private readonly Stream _inner;
    private readonly ChunkSigningContext? _signing;
    private readonly bool _trailersAllowed;
    private readonly IncrementalHash? _hash;
    private readonly byte[] _previousSignature = new byte[32];
    private readonly byte[] _claimedSignature = new byte[32];
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private State _state;
    private long _remaining;
    private readonly AwsChunkedTrailers _trailers;
    private bool _skippedBlankLine;
    private Exception? _fault;
    private bool _disposed;

    public AwsChunkedStream(Stream inner, PayloadKind kind, ChunkSigningContext? signing)
    {
        if (kind is not (PayloadKind.StreamingSigned or PayloadKind.StreamingSignedTrailer or PayloadKind.StreamingUnsignedTrailer))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an aws-chunked payload");
        }
        var signed = kind != PayloadKind.StreamingUnsignedTrailer;
        if (signed && signing is null)
        {
            throw new ArgumentNullException(nameof(signing), "signed chunks need the signing context");
        }
        _inner = inner;
        _signing = signed ? signing : null;
        _trailersAllowed = kind != PayloadKind.StreamingSigned;
        if (_signing is not null)
        {
            _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            _signing.SeedSignature.CopyTo(_previousSignature);
        }
        _trailers = new AwsChunkedTrailers(_trailersAllowed, _signing, _hash, _previousSignature);
    }

    private enum State : byte
    {
        Header,
        Data,
        DataEnd,
        Trailers,
        Done,
    }

    /// <summary>The decoder for an authenticated request's body (its PayloadKind must be one of the streaming kinds).</summary>
    public static AwsChunkedStream Create(Stream body, in SigV4Result auth) => new(body, auth.PayloadKind, auth.ChunkSigning);

    /// <summary>Data bytes delivered so far; after end-of-body, compare with x-amz-decoded-content-length.</summary>
    public long DecodedLength { get; private set; }

    /// <summary>Trailers (lower-case name → value, without x-amz-trailer-signature); complete after end-of-body.</summary>
    public IReadOnlyDictionary<string, string> Trailers => _trailers.Values;

    /// <summary>True once the whole body was read and verified.</summary>
    public bool IsCompleted => _state == State.Done;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => DecodedLength; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_fault is not null)
        {
            throw _fault;
        }
        try
        {
            return await ReadCoreAsync(destination, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsChunkedException e)
        {
            _fault = e;
            throw;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _hash?.Dispose();
            if (_buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = null;
            }
        }
        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadCoreAsync(Memory<byte> destination, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _buffer ??= ArrayPool<byte>.Shared.Rent(BufferSize);
        while (true)
        {
            switch (_state)
            {
                case State.Header:
                    var (offset, length) = await ReadLineAsync(ct).ConfigureAwait(false);
                    _remaining = ParseChunkHeader(_buffer.AsSpan(offset, length));
                    if (_remaining == 0)
                    {
                        VerifyChunk();
                        _state = State.Trailers;
                    }
                    else
                    {
                        _state = State.Data;
                    }
                    continue;
                case State.Data:
                    if (destination.IsEmpty)
                    {
                        return 0;
                    }
                    var want = (int)Math.Min(_remaining, destination.Length);
                    int n;
                    if (_end > _start)
                    {
                        n = Math.Min(want, _end - _start);
                        _buffer.AsSpan(_start, n).CopyTo(destination.Span);
                        _start += n;
                    }
                    else
                    {
                        n = await _inner.ReadAsync(destination[..want], ct).ConfigureAwait(false);
                        if (n == 0)
                        {
                            throw AwsChunkedException.Truncated();
                        }
                    }
                    _hash?.AppendData(destination.Span[..n]);
                    _remaining -= n;
                    DecodedLength += n;
                    if (_remaining == 0)
                    {
                        _state = State.DataEnd;
                    }
                    return n;
                case State.DataEnd:
                    await EnsureAsync(2, ct).ConfigureAwait(false);
                    if (_buffer[_start] != '\r' || _buffer[_start + 1] != '\n')
                    {
                        throw AwsChunkedException.Malformed("chunk data is not followed by CRLF.");
                    }
                    _start += 2;
                    VerifyChunk();
                    _state = State.Header;
                    continue;
                case State.Trailers:
                    await ReadTrailersAsync(ct).ConfigureAwait(false);
                    _state = State.Done;
                    return 0;
                default:
                    return 0;
            }
        }
    }

    private long ParseChunkHeader(ReadOnlySpan<byte> line)
    {
        var semicolon = line.IndexOf((byte)';');
        var sizeText = semicolon < 0 ? line : line[..semicolon];
        if (sizeText.IsEmpty || sizeText.Length > 8)
        {
            throw AwsChunkedException.Malformed("bad chunk size.");
        }
        long size = 0;
        foreach (var b in sizeText)
        {
            var digit = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
                _ => throw AwsChunkedException.Malformed("bad chunk size."),
            };
            size = (size << 4) | (long)digit;
        }
        if (size > MaxChunkSize)
        {
            throw AwsChunkedException.Malformed("a chunk is larger than 16 MiB.");
        }
        if (_signing is null)
        {
            if (semicolon >= 0)
            {
                throw AwsChunkedException.Malformed("unexpected chunk extension in an unsigned body.");
            }
            return size;
        }
        var extension = semicolon < 0 ? default : line[(semicolon + 1)..];
        if (!extension.StartsWith("chunk-signature="u8) || !SigV4Hex.TryParse(extension["chunk-signature=".Length..], _claimedSignature))
        {
            throw AwsChunkedException.Malformed("a chunk has no valid chunk-signature.");
        }
        return size;
    }

    private void VerifyChunk()
    {
        if (_signing is null)
        {
            return;
        }
        Span<byte> digest = stackalloc byte[32];
        Span<byte> expected = stackalloc byte[32];
        _hash!.GetHashAndReset(digest);
        _signing.SignChunk(_previousSignature, digest, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, _claimedSignature))
        {
            throw AwsChunkedException.BadSignature("chunk");
        }
        expected.CopyTo(_previousSignature);
    }

    private async ValueTask ReadTrailersAsync(CancellationToken ct)
    {
        while (true)
        {
            var (offset, length) = await ReadLineAsync(ct).ConfigureAwait(false);
            _trailers.Count(length + 2);
            if (length == 0)
            {
                // Some encoders put an empty line between the final chunk and the trailers: skip one such line.
                if (_trailersAllowed && !_skippedBlankLine && _trailers.IsEmpty)
                {
                    _skippedBlankLine = true;
                    if (await HasMoreAsync(ct).ConfigureAwait(false))
                    {
                        continue;
                    }
                }
                break;
            }
            _trailers.Add(_buffer.AsSpan(offset, length));
        }
        _trailers.RequireSignature();
        if (await HasMoreAsync(ct).ConfigureAwait(false))
        {
            throw AwsChunkedException.Malformed("data follows the end of the body.");
        }
    }

    /// <summary>Reads one CRLF-terminated line (at most <see cref="MaxLineLength"/>), returned as a range of the buffer valid until the next fill.</summary>
    private async ValueTask<(int Offset, int Length)> ReadLineAsync(CancellationToken ct)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _buffer.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var at = _start + scanned + newline;
                if (at == _start || _buffer![at - 1] != '\r')
                {
                    throw AwsChunkedException.Malformed("a line does not end with CRLF.");
                }
                var line = (_start, at - 1 - _start);
                if (line.Item2 > MaxLineLength)
                {
                    throw AwsChunkedException.Malformed("a line is longer than 4 KiB.");
                }
                _start = at + 1;
                return line;
            }
            scanned = _end - _start;
            if (scanned > MaxLineLength + 1)
            {
                throw AwsChunkedException.Malformed("a line is longer than 4 KiB.");
            }
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                throw AwsChunkedException.Truncated();
            }
        }
    }

    private async ValueTask EnsureAsync(int count, CancellationToken ct)
    {
        while (_end - _start < count)
        {
            if (!await FillAsync(ct).ConfigureAwait(false))
            {
                throw AwsChunkedException.Truncated();
            }
        }
    }

    private async ValueTask<bool> HasMoreAsync(CancellationToken ct) => _end > _start || await FillAsync(ct).ConfigureAwait(false);

    /// <summary>Moves what is left to the front and reads more; false at the end of the inner stream.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken ct)
    {
        var buffer = _buffer!;
        if (_start > 0)
        {
            buffer.AsSpan(_start, _end - _start).CopyTo(buffer);
            _end -= _start;
            _start = 0;
        }
        var n = await _inner.ReadAsync(buffer.AsMemory(_end), ct).ConfigureAwait(false);
        _end += n;
        return n > 0;
    }
}
