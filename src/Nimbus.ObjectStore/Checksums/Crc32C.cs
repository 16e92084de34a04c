using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Nimbus.ObjectStore.Checksums;

/// <summary>CRC-32C (Castagnoli), hardware-accelerated where the CPU has it (SSE4.2, ARMv8 CRC32), slicing-by-8 otherwise.</summary>
public static class Crc32C
{
    private static readonly Crc32Table Table = new(0x82F63B78); // reflected 0x1EDC6F41

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
        if (ArmCrc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = ArmCrc32.Arm64.ComputeCrc32C(state, MemoryMarshal.Read<ulong>(data));
                data = data[8..];
            }
            foreach (var b in data)
            {
                state = ArmCrc32.ComputeCrc32C(state, b);
            }
            return state;
        }
        return Table.Update(state, data);
    }

    /// <summary>The table path alone, whatever the CPU has (for tests of the fallback).</summary>
    internal static uint UpdatePortable(uint state, ReadOnlySpan<byte> data) => Table.Update(state, data);

    /// <summary>Writes the digest big-endian, as S3's x-amz-checksum-crc32c carries it.</summary>
    public static void WriteBigEndian(uint digest, Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, digest);
}
