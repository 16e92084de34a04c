using Microsoft.AspNetCore.Http;
using Nimbus.ObjectStore.Checksums;
using Nimbus.ObjectStore.Engine;

namespace Nimbus.ObjectStore.S3.Http;

/// <summary>
/// Which checksum a write carries (x-amz-checksum-ALG header, x-amz-trailer naming one, or x-amz-sdk-checksum-algorithm),
/// and the check of what was stored against it and against Content-MD5 and the signed payload hash.
/// </summary>
internal static class ChecksumHeaders
{
    private static readonly ChecksumAlgorithm[] All =
        [ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme, ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Sha256];

    public static ChecksumAlgorithm Requested(HttpRequest request, ChecksumAlgorithm fallback = ChecksumAlgorithm.None)
    {
        var given = Given(request);
        if (given != ChecksumAlgorithm.None)
        {
            return given;
        }
        var trailer = request.Headers["x-amz-trailer"].ToString();
        foreach (var algorithm in All)
        {
            if (trailer.Equals(HeaderName(algorithm), StringComparison.OrdinalIgnoreCase))
            {
                return algorithm;
            }
        }
        var named = request.Headers["x-amz-sdk-checksum-algorithm"].ToString();
        if (named.Length == 0)
        {
            named = request.Headers["x-amz-checksum-algorithm"].ToString();
        }
        if (named.Length > 0)
        {
            return Parse(named);
        }
        return fallback;
    }

    /// <summary>The algorithm of the one x-amz-checksum-ALG header with a value, or None; two of them are an error.</summary>
    public static ChecksumAlgorithm Given(HttpRequest request)
    {
        var given = ChecksumAlgorithm.None;
        foreach (var algorithm in All)
        {
            if (request.Headers.ContainsKey(HeaderName(algorithm)))
            {
                given = given == ChecksumAlgorithm.None
                    ? algorithm
                    : throw new S3Exception(S3Errors.InvalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed."));
            }
        }
        return given;
    }

    /// <summary>
    /// CreateMultipartUpload's checksum type (x-amz-checksum-type): FULL_OBJECT only with a CRC, COMPOSITE not with
    /// CRC64NVME, either only with an algorithm; by default FULL_OBJECT for CRC64NVME and COMPOSITE otherwise, as S3 does.
    /// </summary>
    public static ChecksumType RequestedType(HttpRequest request, ChecksumAlgorithm algorithm)
    {
        var header = request.Headers["x-amz-checksum-type"].ToString();
        if (header.Length == 0)
        {
            return algorithm == ChecksumAlgorithm.Crc64Nvme ? ChecksumType.FullObject : ChecksumType.Composite;
        }
        var type = ParseType(header);
        if (algorithm == ChecksumAlgorithm.None)
        {
            throw new S3Exception(S3Errors.InvalidRequest("x-amz-checksum-type needs x-amz-checksum-algorithm: name the algorithm (e.g. CRC32) as well."));
        }
        if (type == ChecksumType.FullObject && CrcCombine.For(algorithm) is null)
        {
            throw new S3Exception(S3Errors.InvalidRequest(
                $"The FULL_OBJECT checksum type cannot be used with {Checksum.Name(algorithm).ToUpperInvariant()}; use CRC32, CRC32C or CRC64NVME, or the COMPOSITE type."));
        }
        if (type == ChecksumType.Composite && algorithm == ChecksumAlgorithm.Crc64Nvme)
        {
            throw new S3Exception(S3Errors.InvalidRequest("The COMPOSITE checksum type cannot be used with CRC64NVME; use FULL_OBJECT."));
        }
        return type;
    }

    public static ChecksumType ParseType(string name) => name.Trim().ToUpperInvariant() switch
    {
        "FULL_OBJECT" => ChecksumType.FullObject,
        "COMPOSITE" => ChecksumType.Composite,
        _ => throw new S3Exception(S3Errors.InvalidRequest($"x-amz-checksum-type '{name}' is not valid; use FULL_OBJECT or COMPOSITE.")),
    };

    public static string TypeName(ChecksumType type) => type == ChecksumType.FullObject ? "FULL_OBJECT" : "COMPOSITE";

    public static ChecksumAlgorithm Parse(string name) => name.ToUpperInvariant() switch
    {
        "CRC32" => ChecksumAlgorithm.Crc32,
        "CRC32C" => ChecksumAlgorithm.Crc32C,
        "CRC64NVME" => ChecksumAlgorithm.Crc64Nvme,
        "SHA1" => ChecksumAlgorithm.Sha1,
        "SHA256" => ChecksumAlgorithm.Sha256,
        _ => throw new S3Exception(S3Errors.InvalidRequest($"Checksum algorithm '{name}' is not supported; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256.")),
    };

    /// <summary>The Content-MD5 check (InvalidDigest when it is not an MD5 at all, BadDigest when it differs), or null.</summary>
    public static S3Error? ContentMd5(HttpRequest request, ReadOnlySpan<byte> actual)
    {
        var md5 = request.Headers["Content-MD5"].ToString();
        if (md5.Length == 0)
        {
            return null;
        }
        Span<byte> given = stackalloc byte[16];
        if (!Convert.TryFromBase64String(md5, given, out var n) || n != 16)
        {
            return S3Errors.InvalidDigest("it must be the base64 of a 16-byte MD5");
        }
        return given.SequenceEqual(actual) ? null : S3Errors.BadDigest("Content-MD5");
    }

    /// <summary>x-amz-checksum-&lt;name&gt; per algorithm, made once from <see cref="Checksum.Name"/>: every request asks
    /// which checksum came with it and every read answers with one.</summary>
    private static readonly string[] HeaderNames = NameHeaders();

    public static string HeaderName(ChecksumAlgorithm algorithm) => HeaderNames[(int)algorithm];

    private static string[] NameHeaders()
    {
        var names = new string[All.Max(a => (int)a) + 1];
        Array.Fill(names, "x-amz-checksum-");
        foreach (var algorithm in All)
        {
            names[(int)algorithm] += Checksum.Name(algorithm);
        }
        return names;
    }

    /// <summary>Throws the S3 error when the stored bytes do not match what the client said they were.</summary>
    public static void Verify(HttpRequest request, StagedData staged, IReadOnlyDictionary<string, string>? trailers, string? expectedSha256Hex)
    {
        if (ContentMd5(request, staged.Md5.Span) is { } md5Error)
        {
            throw new S3Exception(md5Error);
        }
        if (expectedSha256Hex is not null && !expectedSha256Hex.Equals(Convert.ToHexStringLower(staged.Sha256.Span), StringComparison.OrdinalIgnoreCase))
        {
            throw new S3Exception(S3Errors.Sha256Mismatch());
        }
        if (staged.ChecksumAlgorithm == ChecksumAlgorithm.None)
        {
            return;
        }
        var header = HeaderName(staged.ChecksumAlgorithm);
        var expected = request.Headers[header].ToString();
        if (expected.Length == 0 && trailers is not null)
        {
            foreach (var (name, value) in trailers)
            {
                if (name.Equals(header, StringComparison.OrdinalIgnoreCase))
                {
                    expected = value;
                }
            }
        }
        if (expected.Length == 0)
        {
            if (request.Headers["x-amz-trailer"].ToString().Equals(header, StringComparison.OrdinalIgnoreCase))
            {
                // The trailer was promised and is the only integrity check of an unsigned streaming body.
                throw new S3Exception(S3Errors.InvalidRequest($"The x-amz-trailer header names {header}, but the body's trailers do not carry it."));
            }
            return; // only an algorithm was named: compute and return it
        }
        if (expected != Convert.ToBase64String(staged.Checksum.Span))
        {
            throw new S3Exception(S3Errors.BadDigest(header));
        }
    }
}
