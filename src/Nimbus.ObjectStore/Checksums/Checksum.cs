using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Checksums;

/// <summary>Factory and helpers for <see cref="IncrementalChecksum"/>.</summary>
public static class Checksum
{
    /// <summary>The largest digest of any algorithm (SHA-256), for stack buffers.</summary>
    public const int MaxSize = 32;

    public static IncrementalChecksum Create(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 => new Crc32Checksum(),
        ChecksumAlgorithm.Crc32C => new Crc32CChecksum(),
        ChecksumAlgorithm.Crc64Nvme => new Crc64NvmeChecksum(),
        ChecksumAlgorithm.Sha1 => new HashChecksum(ChecksumAlgorithm.Sha1, HashAlgorithmName.SHA1, 20),
        ChecksumAlgorithm.Sha256 => new HashChecksum(ChecksumAlgorithm.Sha256, HashAlgorithmName.SHA256, 32),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "no checksum implementation"),
    };

    /// <summary>Digest size in bytes, 0 for <see cref="ChecksumAlgorithm.None"/>.</summary>
    public static int Size(ChecksumAlgorithm algorithm) => algorithm switch
    {
        ChecksumAlgorithm.Crc32 or ChecksumAlgorithm.Crc32C => 4,
        ChecksumAlgorithm.Crc64Nvme => 8,
        ChecksumAlgorithm.Sha1 => 20,
        ChecksumAlgorithm.Sha256 => 32,
        _ => 0,
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

    /// <summary>
    /// Parses an algorithm as S3 headers name it (x-amz-checksum-algorithm, x-amz-sdk-checksum-algorithm:
    /// CRC32, CRC32C, CRC64NVME, SHA1, SHA256), case-insensitively. None, empty or unknown → false.
    /// </summary>
    public static bool TryParseAlgorithm(string? s, out ChecksumAlgorithm algorithm)
    {
        algorithm = s is null ? ChecksumAlgorithm.None : s.Trim() switch
        {
            var v when v.Equals("CRC32", StringComparison.OrdinalIgnoreCase) => ChecksumAlgorithm.Crc32,
            var v when v.Equals("CRC32C", StringComparison.OrdinalIgnoreCase) => ChecksumAlgorithm.Crc32C,
            var v when v.Equals("CRC64NVME", StringComparison.OrdinalIgnoreCase) => ChecksumAlgorithm.Crc64Nvme,
            var v when v.Equals("SHA1", StringComparison.OrdinalIgnoreCase) => ChecksumAlgorithm.Sha1,
            var v when v.Equals("SHA256", StringComparison.OrdinalIgnoreCase) => ChecksumAlgorithm.Sha256,
            _ => ChecksumAlgorithm.None,
        };
        return algorithm != ChecksumAlgorithm.None;
    }

    /// <summary>Finishes <paramref name="checksum"/> (which is reset) as the base64 text of x-amz-checksum-*.</summary>
    public static string GetBase64AndReset(IncrementalChecksum checksum)
    {
        Span<byte> digest = stackalloc byte[MaxSize];
        digest = digest[..checksum.Size];
        checksum.GetHashAndReset(digest);
        return Convert.ToBase64String(digest);
    }

    /// <summary>The base64 digest of <paramref name="data"/> in one call.</summary>
    public static string ComputeBase64(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        var checksum = Create(algorithm);
        checksum.Append(data);
        return GetBase64AndReset(checksum);
    }

    /// <summary>
    /// S3's composite ("checksum of checksums") multipart checksum: the algorithm over the concatenated raw digests
    /// of the parts, in part order, as <c>base64-N</c>. <paramref name="partChecksumsBase64"/> holds each part's
    /// x-amz-checksum-* value. False when a part's value is not a valid digest of the algorithm.
    /// </summary>
    public static bool TryComputeComposite(ChecksumAlgorithm algorithm, IReadOnlyList<string> partChecksumsBase64, out string composite)
    {
        composite = "";
        var size = Size(algorithm);
        if (size == 0 || partChecksumsBase64.Count == 0)
        {
            return false;
        }
        var checksum = Create(algorithm);
        Span<byte> digest = stackalloc byte[MaxSize];
        for (var i = 0; i < partChecksumsBase64.Count; i++)
        {
            if (!Convert.TryFromBase64String(partChecksumsBase64[i], digest, out var written) || written != size)
            {
                return false;
            }
            checksum.Append(digest[..size]);
        }
        composite = GetBase64AndReset(checksum) + "-" + partChecksumsBase64.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return true;
    }
}
