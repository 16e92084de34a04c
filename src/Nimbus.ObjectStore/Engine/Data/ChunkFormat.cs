using System.Buffers.Binary;
using Nimbus.ObjectStore.Checksums;

namespace Nimbus.ObjectStore.Engine.Data;

/// <summary>
/// The chunk file format, version 1 (little-endian; frozen by a golden test — change it only with a new version):
/// <code>
///  0  4  magic "NBCK"
///  4  2  format version (1)
///  6  1  cipher: 0 none, 1 AES-256-GCM
///  7  1  reserved (0)
///  8  4  block size (plaintext bytes per block)
/// 12  8  plaintext length of the chunk
/// 20 16  chunk id (big-endian 128-bit)
/// 36  8  nonce prefix (random per chunk; 0 without encryption)
/// 44  4  CRC-32C of bytes 0..44
/// 48     blocks (see <see cref="BlockCodec"/>); block i starts at 48 + i × stored block size
/// </code>
/// The header is written last (a file with a bad header never passed its fsync and rename); every block is
/// found by arithmetic, so a range read touches only the blocks it needs.
/// </summary>
internal static class ChunkFormat
{
    public const int HeaderSize = 48;
    public const ushort Version = 1;
    private const uint Magic = 0x4B43424E; // "NBCK" read little-endian

    public static void WriteHeader(in ChunkHeader header, Span<byte> destination)
    {
        var h = destination[..HeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(h, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(h[4..], Version);
        h[6] = header.Encrypted ? (byte)1 : (byte)0;
        h[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(h[8..], header.BlockSize);
        BinaryPrimitives.WriteInt64LittleEndian(h[12..], header.PlaintextLength);
        BinaryPrimitives.WriteUInt128BigEndian(h[20..], header.ChunkId);
        BinaryPrimitives.WriteUInt64LittleEndian(h[36..], header.NoncePrefix);
        BinaryPrimitives.WriteUInt32LittleEndian(h[44..], Crc32C.Compute(h[..44]));
    }

    public static bool TryReadHeader(ReadOnlySpan<byte> source, out ChunkHeader header)
    {
        header = default;
        if (source.Length < HeaderSize
            || BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic
            || BinaryPrimitives.ReadUInt16LittleEndian(source[4..]) != Version
            || source[6] > 1
            || BinaryPrimitives.ReadUInt32LittleEndian(source[44..]) != Crc32C.Compute(source[..44]))
        {
            return false;
        }
        var blockSize = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        var length = BinaryPrimitives.ReadInt64LittleEndian(source[12..]);
        if (blockSize <= 0 || length < 0)
        {
            return false;
        }
        header = new ChunkHeader(blockSize, length, BinaryPrimitives.ReadUInt128BigEndian(source[20..]), source[6] == 1,
            BinaryPrimitives.ReadUInt64LittleEndian(source[36..]));
        return true;
    }

    /// <summary>Bytes a full block takes on disk: its data, the GCM tag when encrypted, and its CRC.</summary>
    public static int StoredBlockSize(int blockSize, bool encrypted) => blockSize + BlockCodec.Overhead(encrypted);

    /// <summary>The size a chunk file of this plaintext length must have.</summary>
    public static long FileLength(int blockSize, long plaintextLength, bool encrypted)
    {
        var blocks = BlockCount(blockSize, plaintextLength);
        return HeaderSize + plaintextLength + blocks * BlockCodec.Overhead(encrypted);
    }

    public static long BlockCount(int blockSize, long plaintextLength) => (plaintextLength + blockSize - 1) / blockSize;

    public static long BlockOffset(int blockSize, bool encrypted, long blockIndex) =>
        HeaderSize + blockIndex * StoredBlockSize(blockSize, encrypted);
}
