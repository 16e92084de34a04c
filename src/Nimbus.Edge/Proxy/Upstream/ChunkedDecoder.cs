using System.Buffers;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Decodes a chunked body (RFC 9112 7.1) incrementally over whatever bytes have arrived, yielding data slices
/// of the input without copying. Extensions are skipped and trailers dropped (the edge forwards neither). Bounded:
/// a chunk-size line over 4 KiB or trailers over 64 KiB are invalid. Never throws for any input.</summary>
internal struct ChunkedDecoder
{
    private const int MaxLineBytes = 4096;
    private const int MaxTrailerBytes = 64 * 1024;
    private const int MaxSizeDigits = 15;

    private Phase _phase;
    private long _remaining;
    private long _trailerBytes;

    public ChunkedDecoder()
    {
        TrailerStart = -1;
    }

    /// <summary>The last chunk has been read: what follows is the trailer section (or the body is done).</summary>
    public readonly bool InTrailer => _phase is Phase.Trailer or Phase.Done;

    /// <summary>Where, in the reader of the <see cref="Next"/> call that read the last chunk, the trailer section
    /// begins (the front passes chunks through as they are and drops the trailers).</summary>
    public long TrailerStart { get; private set; }

    private enum Phase
    {
        Size,
        Data,
        DataEnd,
        Trailer,
        Done,
    }

    /// <summary>
    /// For bytes passed through as they are (the front): reads <paramref name="buffer"/>[<paramref name="start"/>..+
    /// <paramref name="length"/>] up to the end of the body or of the bytes; <paramref name="consumed"/> is what it read,
    /// <paramref name="pass"/> what of it goes on (the trailer fields never do). Returns <see cref="ChunkedStatus.Done"/>,
    /// <see cref="ChunkedStatus.NeedMore"/> or <see cref="ChunkedStatus.Invalid"/>.
    /// </summary>
    public ChunkedStatus Pass(byte[] buffer, int start, int length, out int consumed, out int pass)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, start, length));
        var inTrailer = InTrailer;
        ChunkedStatus status;
        do
        {
            status = Next(ref reader, out _);
        }
        while (status == ChunkedStatus.Data);
        consumed = (int)reader.Consumed;
        pass = inTrailer ? 0 : InTrailer ? (int)TrailerStart : consumed;
        return status;
    }

    /// <summary>Advances <paramref name="reader"/> past what it used; on <see cref="ChunkedStatus.Data"/>,
    /// <paramref name="data"/> is the next slice of body.</summary>
    public ChunkedStatus Next(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> data)
    {
        data = default;
        while (true)
        {
            switch (_phase)
            {
                case Phase.Size:
                    if (!reader.TryReadTo(out ReadOnlySequence<byte> line, "\r\n"u8))
                    {
                        return reader.Remaining > MaxLineBytes ? ChunkedStatus.Invalid : ChunkedStatus.NeedMore;
                    }
                    if (line.Length > MaxLineBytes || !TryParseSize(line, out var size))
                    {
                        return ChunkedStatus.Invalid;
                    }
                    _remaining = size;
                    _phase = size == 0 ? Phase.Trailer : Phase.Data;
                    if (size == 0)
                    {
                        TrailerStart = reader.Consumed;
                    }
                    break;
                case Phase.Data:
                    if (reader.End)
                    {
                        return ChunkedStatus.NeedMore;
                    }
                    var take = Math.Min(_remaining, reader.Remaining);
                    data = reader.UnreadSequence.Slice(0, take);
                    reader.Advance(take);
                    _remaining -= take;
                    if (_remaining == 0)
                    {
                        _phase = Phase.DataEnd;
                    }
                    return ChunkedStatus.Data;
                case Phase.DataEnd:
                    if (reader.Remaining < 2)
                    {
                        return reader.Remaining == 1 && !reader.IsNext((byte)'\r') ? ChunkedStatus.Invalid : ChunkedStatus.NeedMore;
                    }
                    if (!reader.IsNext("\r\n"u8, advancePast: true))
                    {
                        return ChunkedStatus.Invalid;
                    }
                    _phase = Phase.Size;
                    break;
                case Phase.Trailer:
                    if (!reader.TryReadTo(out ReadOnlySequence<byte> field, "\r\n"u8))
                    {
                        return _trailerBytes + reader.Remaining > MaxTrailerBytes ? ChunkedStatus.Invalid : ChunkedStatus.NeedMore;
                    }
                    if (field.IsEmpty)
                    {
                        _phase = Phase.Done;
                        return ChunkedStatus.Done;
                    }
                    _trailerBytes += field.Length + 2;
                    if (_trailerBytes > MaxTrailerBytes)
                    {
                        return ChunkedStatus.Invalid;
                    }
                    break;
                default:
                    return ChunkedStatus.Done;
            }
        }
    }

    /// <summary>chunk-size [ BWS ";" chunk-ext ]: hex digits, then anything without control characters.</summary>
    private static bool TryParseSize(in ReadOnlySequence<byte> line, out long size)
    {
        size = 0;
        scoped ReadOnlySpan<byte> span;
        if (line.IsSingleSegment)
        {
            span = line.FirstSpan;
        }
        else
        {
            Span<byte> copy = stackalloc byte[MaxLineBytes];
            line.CopyTo(copy);
            span = copy[..(int)line.Length];
        }
        var digits = 0;
        while (digits < span.Length && HexValue(span[digits]) >= 0)
        {
            if (digits == MaxSizeDigits)
            {
                return false;
            }
            size = (size << 4) | (uint)HexValue(span[digits]);
            digits++;
        }
        if (digits == 0)
        {
            return false;
        }
        var rest = span[digits..].TrimStart(" \t"u8);
        if (!rest.IsEmpty && rest[0] != ';')
        {
            return false;
        }
        foreach (var b in rest)
        {
            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                return false;
            }
        }
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
