using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Nimbus.Api.Bundles;

/// <summary>A bundle's content address: "sha256:" followed by 64 lowercase hex digits of the .tar.gz's SHA-256.</summary>
public static class BundleDigest
{
    public const string Prefix = "sha256:";
    public const int HashSize = 32;
    private const int HexLength = HashSize * 2;

    /// <summary>True for "sha256:" and exactly 64 lowercase hex digits, nothing else.</summary>
    public static bool IsValid([NotNullWhen(true)] string? digest)
    {
        if (digest is null || digest.Length != Prefix.Length + HexLength || !digest.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in digest.AsSpan(Prefix.Length))
        {
            if (c is not (>= '0' and <= '9') and not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Formats a 32-byte SHA-256 hash as a digest.</summary>
    public static string Format(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != HashSize)
        {
            throw new ArgumentException($"A SHA-256 hash is {HashSize} bytes, got {sha256.Length}.", nameof(sha256));
        }
        return Prefix + Convert.ToHexStringLower(sha256);
    }

    public static string Compute(ReadOnlySpan<byte> data) => Format(SHA256.HashData(data));

    /// <summary>Reads <paramref name="stream"/> to its end and returns its digest.</summary>
    public static async Task<string> ComputeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Format(hash);
    }
}
