using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Checksums;

/// <summary>Factory and helpers for <see cref="IncrementalChecksum"/>.</summary>
public static class Checksum
{
    public static IncrementalChecksum Create(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Sha1 => new HashChecksum(ChecksumAlgorithm.Sha1, HashAlgorithmName.SHA1, 20),
        ChecksumAlgorithm.Sha256 => new HashChecksum(ChecksumAlgorithm.Sha256, HashAlgorithmName.SHA256, 32),
        // CRC32, CRC32C and CRC64NVME: implemented in this folder (no System.IO.Hashing on the mirror).
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "no checksum implementation"),
    };

    /// <summary>The header name suffix and XML element name part: crc32, crc32c, crc64nvme, sha1, sha256.</summary>
    public static string Name(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => "crc32",
        ChecksumAlgorithm.Crc32C => "crc32c",
        ChecksumAlgorithm.Crc64Nvme => "crc64nvme",
        ChecksumAlgorithm.Sha1 => "sha1",
        ChecksumAlgorithm.Sha256 => "sha256",
        _ => "",
    };

    private sealed class HashChecksum(ChecksumAlgorithm algorithm, HashAlgorithmName name, int size) : IncrementalChecksum
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(name);
        public override ChecksumAlgorithm Algorithm => algorithm;
        public override int Size => size;
        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);
        public override void GetHashAndReset(Span<byte> destination) => _hash.GetHashAndReset(destination);
    }
}
