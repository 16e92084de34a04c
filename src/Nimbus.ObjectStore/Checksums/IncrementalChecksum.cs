namespace Nimbus.ObjectStore.Checksums;

/// <summary>A running checksum over a byte stream. Not thread-safe; one per stream.</summary>
public abstract class IncrementalChecksum
{
    public abstract ChecksumAlgorithm Algorithm { get; }

    /// <summary>Digest size in bytes (4 for CRC32/CRC32C, 8 for CRC64NVME, 20 for SHA-1, 32 for SHA-256).</summary>
    public abstract int Size { get; }

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>Writes the digest of everything appended (big-endian for CRCs) and resets.</summary>
    public abstract void GetHashAndReset(Span<byte> destination);

    public static IncrementalChecksum Create(ChecksumAlgorithm algorithm) => Checksum.Create(algorithm);
}
