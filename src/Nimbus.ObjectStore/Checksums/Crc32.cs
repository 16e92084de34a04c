using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ArmCrc32 = System.Runtime.Intrinsics.Arm.Crc32;

namespace Nimbus.ObjectStore.Checksums;

/// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320), as S3's x-amz-checksum-crc32: ARMv8 instructions where present, slicing-by-8 otherwise.</summary>
public static class Crc32
{
    private static readonly Crc32Table Table = new(0xEDB88320);

    /// <summary>Digest of <paramref name="data"/> (initial value and final xor applied).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(~0u, data);

    /// <summary>Continues a raw (not finalised) CRC state; start from <c>~0u</c> and finish with <c>~state</c>.</summary>
    public static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (ArmCrc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = ArmCrc32.Arm64.ComputeCrc32(state, MemoryMarshal.Read<ulong>(data));
                data = data[8..];
            }
            foreach (var b in data)
            {
                state = ArmCrc32.ComputeCrc32(state, b);
            }
            return state;
        }
        // x86 has no instruction for this polynomial (SSE4.2 crc32 is CRC-32C); PCLMUL folding would be faster still.
        return Table.Update(state, data);
    }

    /// <summary>Writes the digest big-endian, as S3's x-amz-checksum-crc32 carries it.</summary>
    public static void WriteBigEndian(uint digest, Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, digest);
}
