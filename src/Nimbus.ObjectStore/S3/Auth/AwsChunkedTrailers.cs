using System.Security.Cryptography;
using System.Text;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// The trailer section of an aws-chunked body: <c>name:value</c> lines (checksums) and, for the signed-trailer variant,
/// <c>x-amz-trailer-signature</c>, which signs the lines before it chained to the last chunk's signature. Bounded to
/// <see cref="AwsChunkedStream.MaxTrailerBytes"/>.
/// </summary>
internal sealed class AwsChunkedTrailers(bool allowed, ChunkSigningContext? signing, IncrementalHash? hash, byte[] previousSignature)
{
    private static readonly Dictionary<string, string> None = [];
    private readonly byte[] _claimedSignature = new byte[32];
    private Dictionary<string, string>? _values;
    private int _bytes;
    private bool _sawSignature;

    /// <summary>Trailer names lower-case, without the signature line.</summary>
    public IReadOnlyDictionary<string, string> Values => _values ?? None;

    /// <summary>Nothing read yet (neither a trailer nor the signature).</summary>
    public bool IsEmpty => _values is null && !_sawSignature;

    /// <summary>Counts a line's bytes (with its CRLF) toward the bound.</summary>
    public void Count(int bytes)
    {
        _bytes += bytes;
        if (_bytes > AwsChunkedStream.MaxTrailerBytes)
        {
            throw AwsChunkedException.Malformed("the trailers are larger than 16 KiB.");
        }
    }

    /// <summary>At the end of the section: a signed-trailer body must have carried its signature.</summary>
    public void RequireSignature()
    {
        if (signing is not null && allowed && !_sawSignature)
        {
            throw new AwsChunkedException(AwsChunkedException.SignatureDoesNotMatch, "The trailers carry no x-amz-trailer-signature.");
        }
    }

    public void Add(ReadOnlySpan<byte> line)
    {
        if (!allowed)
        {
            throw AwsChunkedException.Malformed("trailers in a body whose x-amz-content-sha256 announces none.");
        }
        if (_sawSignature)
        {
            throw AwsChunkedException.Malformed("a trailer follows x-amz-trailer-signature.");
        }
        var colon = line.IndexOf((byte)':');
        var nameBytes = colon > 0 ? line[..colon].Trim((byte)' ') : default;
        if (nameBytes.IsEmpty || !IsToken(nameBytes))
        {
            throw AwsChunkedException.Malformed("a trailer line is not name:value.");
        }
        var name = Encoding.ASCII.GetString(nameBytes).ToLowerInvariant();
        var value = line[(colon + 1)..].Trim(" \t"u8);
        if (name == "x-amz-trailer-signature")
        {
            VerifySignature(value);
            return;
        }
        _values ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (!_values.TryAdd(name, Encoding.UTF8.GetString(value)))
        {
            throw AwsChunkedException.Malformed("a trailer appears twice.");
        }
        if (hash is not null)
        {
            hash.AppendData(Encoding.ASCII.GetBytes(name));
            hash.AppendData(":"u8);
            hash.AppendData(value);
            hash.AppendData("\n"u8);
        }
    }

    private void VerifySignature(ReadOnlySpan<byte> value)
    {
        if (signing is null)
        {
            throw AwsChunkedException.Malformed("x-amz-trailer-signature in an unsigned body.");
        }
        if (!SigV4Hex.TryParse(value, _claimedSignature))
        {
            throw AwsChunkedException.Malformed("x-amz-trailer-signature is not a signature.");
        }
        Span<byte> digest = stackalloc byte[32];
        Span<byte> expected = stackalloc byte[32];
        hash!.GetHashAndReset(digest);
        signing.SignTrailer(previousSignature, digest, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, _claimedSignature))
        {
            throw AwsChunkedException.BadSignature("trailer");
        }
        _sawSignature = true;
    }

    private static bool IsToken(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_'))
            {
                return false;
            }
        }
        return true;
    }
}
