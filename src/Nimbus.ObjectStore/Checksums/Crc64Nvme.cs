using System.Buffers.Binary;

namespace Nimbus.ObjectStore.Checksums;

/// <summary>
/// CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, initial value and final xor all ones), as S3's
/// x-amz-checksum-crc64nvme; slicing-by-8 tables.
/// </summary>
public static class Crc64Nvme
{
    private const ulong Polynomial = 0x9A6C9329AC4BC9B5;
    private static readonly ulong[] Table = CreateTable();

    /// <summary>Digest of <paramref name="data"/> (initial value and final xor applied).</summary>
    public static ulong Compute(ReadOnlySpan<byte> data) => ~Update(~0ul, data);

    /// <summary>Continues a raw (not finalised) CRC state; start from <c>~0ul</c> and finish with <c>~state</c>.</summary>
    public static ulong Update(ulong state, ReadOnlySpan<byte> data)
    {
        var t = Table.AsSpan();
        while (data.Length >= 8)
        {
            var v = BinaryPrimitives.ReadUInt64LittleEndian(data) ^ state;
            state = t[(7 * 256) + (int)(v & 0xFF)]
                ^ t[(6 * 256) + (int)((v >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((v >> 16) & 0xFF)]
                ^ t[(4 * 256) + (int)((v >> 24) & 0xFF)]
                ^ t[(3 * 256) + (int)((v >> 32) & 0xFF)]
                ^ t[(2 * 256) + (int)((v >> 40) & 0xFF)]
                ^ t[256 + (int)((v >> 48) & 0xFF)]
                ^ t[(int)(v >> 56)];
            data = data[8..];
        }
        foreach (var b in data)
        {
            state = t[(int)((state ^ b) & 0xFF)] ^ (state >> 8);
        }
        return state;
    }

    /// <summary>Writes the digest big-endian, as S3's x-amz-checksum-crc64nvme carries it.</summary>
    public static void WriteBigEndian(ulong digest, Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, digest);

    private static ulong[] CreateTable()
    {
        var table = new ulong[8 * 256];
        for (ulong i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        for (var t = 1; t < 8; t++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = table[((t - 1) * 256) + i];
                table[(t * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }
        return table;
    }
}
