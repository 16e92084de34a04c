using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Nimbus.ObjectStore.Checksums;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated where the CPU has it (SSE4.2, ARMv8 CRC32), table otherwise.</summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78; // reflected 0x1EDC6F41
    private static readonly uint[] Table = CreateTable();

    /// <summary>Digest of <paramref name="data"/> (initial value and final xor applied).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>Continues a raw (not finalised) CRC state; start from <c>~0u</c> and finish with <c>~state</c>.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            ulong crc = state;
            while (data.Length >= 8)
            {
                crc = Sse42.X64.Crc32(crc, MemoryMarshal.Read<ulong>(data));
                data = data[8..];
            }
            state = (uint)crc;
            foreach (var b in data)
            {
                state = Sse42.Crc32(state, b);
            }
            return state;
        }
        if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = Crc32.Arm64.ComputeCrc32C(state, MemoryMarshal.Read<ulong>(data));
                data = data[8..];
            }
            foreach (var b in data)
            {
                state = Crc32.ComputeCrc32C(state, b);
            }
            return state;
        }
        foreach (var b in data)
        {
            state = Table[(state ^ b) & 0xFF] ^ (state >> 8);
        }
        return state;
    }

    /// <summary>Writes the digest big-endian, as S3's x-amz-checksum-crc32c carries it.</summary>
    public static void WriteBigEndian(uint digest, Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, digest);

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }
            table[i] = c;
        }
        return table;
    }
}
