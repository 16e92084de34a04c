using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Nimbus.ObjectStore.S3.Auth;

/// <summary>
/// What an aws-chunked decoder needs to check the chain of chunk signatures: the derived signing key, the
/// request's timestamp and scope, and the seed (the request's own) signature.
/// </summary>
internal sealed class ChunkSigningContext
{
    private readonly byte[] _signingKey;
    private readonly byte[] _chunkPrefix;
    private readonly byte[] _trailerPrefix;
    private readonly byte[] _seedSignature;

    public ChunkSigningContext(byte[] signingKey, string timestamp, string scope, byte[] seedSignature)
    {
        _signingKey = signingKey;
        Timestamp = timestamp;
        Scope = scope;
        _seedSignature = seedSignature;
        _chunkPrefix = Encoding.UTF8.GetBytes("AWS4-HMAC-SHA256-PAYLOAD\n" + timestamp + "\n" + scope + "\n");
        _trailerPrefix = Encoding.UTF8.GetBytes("AWS4-HMAC-SHA256-TRAILER\n" + timestamp + "\n" + scope + "\n");
    }

    public ReadOnlySpan<byte> SigningKey => _signingKey;

    /// <summary>The request's x-amz-date, as signed (yyyyMMddTHHmmssZ).</summary>
    public string Timestamp { get; }

    /// <summary>date/region/service/aws4_request.</summary>
    public string Scope { get; }

    /// <summary>The request's signature (32 raw bytes): the "previous signature" of the first chunk.</summary>
    public ReadOnlySpan<byte> SeedSignature => _seedSignature;

    /// <summary>HMAC of "AWS4-HMAC-SHA256-PAYLOAD\n ts\n scope\n hex(prev)\n hex(sha256(""))\n hex(sha256(chunk))".</summary>
    public void SignChunk(ReadOnlySpan<byte> previousSignature, ReadOnlySpan<byte> chunkSha256, Span<byte> signature)
    {
        var length = _chunkPrefix.Length + 64 + 1 + 64 + 1 + 64;
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented is null ? stackalloc byte[512] : rented;
        _chunkPrefix.CopyTo(buffer);
        var at = _chunkPrefix.Length;
        SigV4Hex.WriteLower(previousSignature, buffer[at..]);
        at += 64;
        buffer[at++] = (byte)'\n';
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"u8.CopyTo(buffer[at..]);
        at += 64;
        buffer[at++] = (byte)'\n';
        SigV4Hex.WriteLower(chunkSha256, buffer[at..]);
        HMACSHA256.HashData(_signingKey, buffer[..length], signature);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>HMAC of "AWS4-HMAC-SHA256-TRAILER\n ts\n scope\n hex(prev)\n hex(sha256(canonical trailers))".</summary>
    public void SignTrailer(ReadOnlySpan<byte> previousSignature, ReadOnlySpan<byte> trailerSha256, Span<byte> signature)
    {
        var length = _trailerPrefix.Length + 64 + 1 + 64;
        var rented = length > 512 ? ArrayPool<byte>.Shared.Rent(length) : null;
        var buffer = rented is null ? stackalloc byte[512] : rented;
        _trailerPrefix.CopyTo(buffer);
        var at = _trailerPrefix.Length;
        SigV4Hex.WriteLower(previousSignature, buffer[at..]);
        at += 64;
        buffer[at++] = (byte)'\n';
        SigV4Hex.WriteLower(trailerSha256, buffer[at..]);
        HMACSHA256.HashData(_signingKey, buffer[..length], signature);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
