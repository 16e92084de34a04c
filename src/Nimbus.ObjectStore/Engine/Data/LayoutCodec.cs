using System.Buffers.Binary;
using System.Text;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// The layout byte string the metadata store keeps per version or part, version 1 (little-endian; frozen by a golden
/// test). A single segment:
/// <code>
/// u8 version (1) | u8 kind (1 inline, 2 chunks) | u8 encryption (0 none, 1 SSE-S3, 2 SSE-C)
/// [60 bytes wrapped data key when encrypted: nonce 12 ‖ key ciphertext 32 ‖ tag 16]
/// u64 plaintext length
/// inline: [u64 nonce prefix when encrypted] stored block (the rest; ciphertext when encrypted)
/// chunks: u32 count, then per chunk: 16-byte id (big-endian), u64 plaintext length,
///         u8 replica count, per replica: u8 byte length ‖ UTF-8 node id
/// </code>
/// Several (multipart): <c>u8 version (1) | u8 kind (3) | u64 total length | u32 count | per segment: u32 byte length ‖ single-segment layout</c>.
/// </summary>
internal static class LayoutCodec
{
    public const byte Version = 1;
    private const byte KindInline = 1, KindChunks = 2, KindComposite = 3;

    /// <summary>An SQL expression over a layout column that gives the layout, or an empty blob when it keeps its data
    /// inline (a single inline segment: nothing to release, and no reason to copy the data out to find that out).</summary>
    public static string ReleasableSql(string column) => $"CASE WHEN substr({column}, 1, 2) = X'{Version:X2}{KindInline:X2}' THEN X'' ELSE {column} END";

    public static byte[] EncodeInline(EncryptionKind encryption, ReadOnlySpan<byte> wrappedKey, long length, ulong noncePrefix, ReadOnlySpan<byte> storedBlock)
    {
        var encrypted = encryption != EncryptionKind.None;
        var bytes = new byte[3 + wrappedKey.Length + 8 + (encrypted ? 8 : 0) + storedBlock.Length];
        var at = WriteSegmentStart(bytes, KindInline, encryption, wrappedKey, length);
        if (encrypted)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), noncePrefix);
            at += 8;
        }
        storedBlock.CopyTo(bytes.AsSpan(at));
        return bytes;
    }

    public static byte[] EncodeChunks(EncryptionKind encryption, ReadOnlySpan<byte> wrappedKey, long length, IReadOnlyList<ChunkRef> chunks)
    {
        var size = 3 + wrappedKey.Length + 8 + 4;
        foreach (var chunk in chunks)
        {
            size += 16 + 8 + 1;
            foreach (var replica in chunk.Replicas)
            {
                size += 1 + Encoding.UTF8.GetByteCount(replica);
            }
        }
        var bytes = new byte[size];
        var at = WriteSegmentStart(bytes, KindChunks, encryption, wrappedKey, length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), chunks.Count);
        at += 4;
        foreach (var chunk in chunks)
        {
            BinaryPrimitives.WriteUInt128BigEndian(bytes.AsSpan(at), ChunkIds.ToValue(chunk.Id));
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at + 16), chunk.Length);
            bytes[at + 24] = checked((byte)chunk.Replicas.Count);
            at += 25;
            foreach (var replica in chunk.Replicas)
            {
                var n = Encoding.UTF8.GetBytes(replica, bytes.AsSpan(at + 1));
                bytes[at] = checked((byte)n);
                at += 1 + n;
            }
        }
        return bytes;
    }

    /// <summary>One layout holding every segment of <paramref name="layouts"/> in order (nested multipart layouts are flattened).</summary>
    public static byte[] Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> layouts)
    {
        var segments = new List<ReadOnlyMemory<byte>>();
        long total = 0;
        foreach (var layout in layouts)
        {
            if (!TryParse(layout, out var parsed))
            {
                throw new InvalidDataException("cannot concatenate a malformed layout");
            }
            total += parsed.Length;
            if (layout.Span[1] == KindComposite)
            {
                ForEachSegment(layout.Span, (start, length) => segments.Add(layout.Slice(start, length)));
            }
            else
            {
                segments.Add(layout);
            }
        }
        var size = 14;
        foreach (var segment in segments)
        {
            size += 4 + segment.Length;
        }
        var bytes = new byte[size];
        bytes[0] = Version;
        bytes[1] = KindComposite;
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(2), total);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), segments.Count);
        var at = 14;
        foreach (var segment in segments)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), segment.Length);
            segment.Span.CopyTo(bytes.AsSpan(at + 4));
            at += 4 + segment.Length;
        }
        return bytes;
    }

    public static bool TryParse(ReadOnlyMemory<byte> layout, out DataLayout parsed)
    {
        parsed = null!;
        var span = layout.Span;
        if (span.Length < 2 || span[0] != Version)
        {
            return false;
        }
        if (span[1] != KindComposite)
        {
            if (!TryParseSegment(layout, out var single))
            {
                return false;
            }
            parsed = new DataLayout(single.Length, [single]);
            return true;
        }
        if (span.Length < 14)
        {
            return false;
        }
        var total = BinaryPrimitives.ReadInt64LittleEndian(span[2..]);
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[10..]);
        if (count < 0 || count > (span.Length - 14) / 4)
        {
            return false;
        }
        var segments = new LayoutSegment[count];
        var at = 14;
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            var length = at + 4 <= span.Length ? BinaryPrimitives.ReadInt32LittleEndian(span[at..]) : -1;
            if (length < 0 || length > span.Length - at - 4 || !TryParseSegment(layout.Slice(at + 4, length), out segments[i]))
            {
                return false;
            }
            sum += segments[i].Length;
            at += 4 + length;
        }
        if (at != span.Length || sum != total)
        {
            return false;
        }
        parsed = new DataLayout(total, segments);
        return true;
    }

    private static bool TryParseSegment(ReadOnlyMemory<byte> layout, out LayoutSegment segment)
    {
        segment = null!;
        var span = layout.Span;
        if (span.Length < 3 || span[0] != Version || span[1] is not (KindInline or KindChunks) || span[2] > (byte)EncryptionKind.CustomerKey)
        {
            return false;
        }
        var encryption = (EncryptionKind)span[2];
        var keySize = encryption == EncryptionKind.None ? 0 : KeyWrap.WrappedSize;
        var at = 3 + keySize + 8;
        if (span.Length < at)
        {
            return false;
        }
        var wrappedKey = layout.Slice(3, keySize);
        var length = BinaryPrimitives.ReadInt64LittleEndian(span[(3 + keySize)..]);
        if (length < 0)
        {
            return false;
        }
        if (span[1] == KindInline)
        {
            ulong noncePrefix = 0;
            if (keySize > 0)
            {
                if (span.Length < at + 8)
                {
                    return false;
                }
                noncePrefix = BinaryPrimitives.ReadUInt64LittleEndian(span[at..]);
                at += 8;
            }
            if (span.Length - at != length + BlockCodec.Overhead(keySize > 0))
            {
                return false;
            }
            segment = new LayoutSegment { Encryption = encryption, WrappedKey = wrappedKey, Length = length, InlineBlock = layout[at..], InlineNoncePrefix = noncePrefix };
            return true;
        }
        if (span.Length < at + 4)
        {
            return false;
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
        at += 4;
        if (count < 0 || count > (span.Length - at) / 25)
        {
            return false;
        }
        var chunks = new ChunkRef[count];
        long sum = 0;
        for (var i = 0; i < count; i++)
        {
            if (span.Length - at < 25)
            {
                return false;
            }
            var id = ChunkIds.ToName(BinaryPrimitives.ReadUInt128BigEndian(span[at..]));
            var chunkLength = BinaryPrimitives.ReadInt64LittleEndian(span[(at + 16)..]);
            var replicaCount = span[at + 24];
            at += 25;
            string[] replicas = replicaCount == 0 ? [] : new string[replicaCount];
            for (var r = 0; r < replicaCount; r++)
            {
                if (at >= span.Length || span.Length - at - 1 < span[at])
                {
                    return false;
                }
                replicas[r] = Encoding.UTF8.GetString(span.Slice(at + 1, span[at]));
                at += 1 + span[at];
            }
            if (chunkLength <= 0)
            {
                return false;
            }
            sum += chunkLength;
            chunks[i] = new ChunkRef(id, chunkLength, replicas);
        }
        if (at != span.Length || sum != length)
        {
            return false;
        }
        segment = new LayoutSegment { Encryption = encryption, WrappedKey = wrappedKey, Length = length, Chunks = chunks };
        return true;
    }

    private static void ForEachSegment(ReadOnlySpan<byte> composite, Action<int, int> visit)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(composite[10..]);
        var at = 14;
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(composite[at..]);
            visit(at + 4, length);
            at += 4 + length;
        }
    }

    private static int WriteSegmentStart(Span<byte> bytes, byte kind, EncryptionKind encryption, ReadOnlySpan<byte> wrappedKey, long length)
    {
        if ((encryption == EncryptionKind.None) != wrappedKey.IsEmpty || (!wrappedKey.IsEmpty && wrappedKey.Length != KeyWrap.WrappedSize))
        {
            throw new ArgumentException("an encrypted segment needs its wrapped key, a plain one none", nameof(wrappedKey));
        }
        bytes[0] = Version;
        bytes[1] = kind;
        bytes[2] = (byte)encryption;
        wrappedKey.CopyTo(bytes[3..]);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[(3 + wrappedKey.Length)..], length);
        return 3 + wrappedKey.Length + 8;
    }
}
