using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Nimbus.ObjectStore.Engine.Metadata;

/// <summary>
/// Version ids: 32 characters of sortable base32 over 8 bytes of microseconds since the epoch (strictly increasing
/// per node) and 12 random bytes, so ids sort by creation and cannot be guessed. Upload ids: 128 random bits, base64url.
/// </summary>
internal sealed class VersionIds(TimeProvider time)
{
    /// <summary>The version id of objects written while versioning is off or suspended.</summary>
    public const string Null = "null";

    // Digits then lower-case letters: ASCII order equals numeric order, and the ids are URL-safe.
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuv";

    private long _last;

    public string Next()
    {
        var now = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        long micros;
        long last;
        do
        {
            last = Volatile.Read(ref _last);
            micros = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _last, micros, last) != last);

        Span<byte> raw = stackalloc byte[20];
        BinaryPrimitives.WriteInt64BigEndian(raw, micros);
        RandomNumberGenerator.Fill(raw[8..]);
        return Base32(raw);
    }

    public static string NewUploadId()
    {
        Span<byte> raw = stackalloc byte[16];
        RandomNumberGenerator.Fill(raw);
        return Convert.ToBase64String(raw).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static string Base32(ReadOnlySpan<byte> raw) => string.Create(raw.Length * 8 / 5, raw.ToArray(), static (chars, bytes) =>
    {
        var bits = 0;
        var buffer = 0;
        var o = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[o++] = Alphabet[(buffer >> bits) & 31];
            }
        }
    });
}
