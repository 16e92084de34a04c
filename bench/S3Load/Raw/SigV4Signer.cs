using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nimbus.Bench.S3Load.Raw;

/// <summary>AWS Signature Version 4 in the Authorization header, for exactly the headers the raw client signs: host,
/// x-amz-content-sha256 and x-amz-date.</summary>
/// <remarks>Per request: one SHA-256 of the canonical request (a few hundred bytes, on the stack) and one HMAC of the
/// string to sign. The four-HMAC signing key and the header's constant prefix are derived once per UTC day, the
/// x-amz-date text once per second; both are immutable snapshots swapped whole, so workers never lock.</remarks>
internal sealed class SigV4Signer
{
    private const string SignedHeaders = "host;x-amz-content-sha256;x-amz-date";

    private readonly string _accessKey;
    private readonly byte[] _secret;
    private readonly string _region;
    private readonly string _host;
    private volatile SigningDay? _day;
    private volatile SigningSecond? _second;

    /// <param name="host">The Host header exactly as sent: host, and :port unless it is the scheme's default.</param>
    public SigV4Signer(string accessKey, string secretKey, string region, string host)
    {
        _accessKey = accessKey;
        _secret = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        _region = region;
        _host = host;
    }

    /// <summary>The Authorization header for one request, and the x-amz-date it signed (send both).</summary>
    /// <param name="method">GET, PUT, HEAD…</param>
    /// <param name="path">The URI path as sent, already URI-encoded (S3 signs it as is, without a second encoding).</param>
    /// <param name="query">The query as sent: encoded names and values, sorted by name, joined with &amp;.</param>
    /// <param name="payloadHash">Lowercase hex SHA-256 of the body, also sent as x-amz-content-sha256.</param>
    public string Sign(string method, string path, string query, string payloadHash, out string amzDate)
    {
        amzDate = CurrentAmzDate();
        var day = _day;
        if (day is null || !amzDate.AsSpan(0, 8).SequenceEqual(day.DateStamp))
        {
            _day = day = NewDay(amzDate[..8]);
        }

        // All parts are ASCII: the path and query are percent-encoded, the rest is fixed text and hex.
        var length = method.Length + path.Length + query.Length + _host.Length + (2 * payloadHash.Length) + amzDate.Length + 128;
        byte[]? rented = null;
        var canonical = length <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var n = 0;
            Ascii(canonical, ref n, method);
            canonical[n++] = (byte)'\n';
            Ascii(canonical, ref n, path);
            canonical[n++] = (byte)'\n';
            Ascii(canonical, ref n, query);
            Bytes(canonical, ref n, "\nhost:"u8);
            Ascii(canonical, ref n, _host);
            Bytes(canonical, ref n, "\nx-amz-content-sha256:"u8);
            Ascii(canonical, ref n, payloadHash);
            Bytes(canonical, ref n, "\nx-amz-date:"u8);
            Ascii(canonical, ref n, amzDate);
            Bytes(canonical, ref n, "\n\nhost;x-amz-content-sha256;x-amz-date\n"u8);
            Ascii(canonical, ref n, payloadHash);

            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(canonical[..n], hash);

            Span<byte> toSign = stackalloc byte[256];
            var m = 0;
            Bytes(toSign, ref m, "AWS4-HMAC-SHA256\n"u8);
            Ascii(toSign, ref m, amzDate);
            toSign[m++] = (byte)'\n';
            Bytes(toSign, ref m, day.Scope);
            toSign[m++] = (byte)'\n';
            m += Hex.Lower(hash, toSign[m..]);

            Span<byte> signature = stackalloc byte[32];
            HMACSHA256.HashData(day.Key, toSign[..m], signature);
            Span<char> header = stackalloc char[day.HeaderPrefix.Length + 64];
            day.HeaderPrefix.CopyTo(header);
            Hex.Lower(signature, header[day.HeaderPrefix.Length..]);
            return new string(header);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private string CurrentAmzDate()
    {
        var now = DateTime.UtcNow;
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        var cached = _second;
        if (cached is null || cached.Second != second)
        {
            _second = cached = new SigningSecond(second, now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        }
        return cached.AmzDate;
    }

    private SigningDay NewDay(string dateStamp)
    {
        var key = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(dateStamp));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(_region));
        key = HMACSHA256.HashData(key, "s3"u8);
        key = HMACSHA256.HashData(key, "aws4_request"u8);
        var scope = $"{dateStamp}/{_region}/s3/aws4_request";
        var prefix = $"AWS4-HMAC-SHA256 Credential={_accessKey}/{scope}, SignedHeaders={SignedHeaders}, Signature=";
        return new SigningDay(dateStamp, key, Encoding.UTF8.GetBytes(scope), prefix);
    }

    private static void Ascii(Span<byte> destination, ref int at, string text) =>
        at += Encoding.UTF8.GetBytes(text, destination[at..]);

    private static void Bytes(Span<byte> destination, ref int at, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[at..]);
        at += bytes.Length;
    }

    private sealed record SigningDay(string DateStamp, byte[] Key, byte[] Scope, string HeaderPrefix);

    private sealed record SigningSecond(long Second, string AmzDate);
}
