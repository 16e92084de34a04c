using System.Security.Cryptography;
using System.Text;

namespace Nimbus.ObjectStore.Tests.S3.Auth;

/// <summary>
/// An independent SigV4 signer for tests: the path and query must already be in canonical (AWS-encoded) form,
/// as boto3 and the AWS SDKs send them.
/// </summary>
internal static class TestSigner
{
    public const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    /// <summary>Signs with the Authorization header; <paramref name="headers"/> are all signed (host included).</summary>
    public static RawRequest Sign(string method, string path, string query, List<(string Name, string Value)> headers,
        DateTimeOffset when, string payloadHash, string region = "us-east-1", string accessKey = AccessKey, string secret = Secret)
    {
        var timestamp = when.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var all = new List<(string Name, string Value)>(headers) { ("x-amz-date", timestamp), ("x-amz-content-sha256", payloadHash) };
        var sorted = all.Select(h => (Name: h.Name.ToLowerInvariant(), h.Value)).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var signedHeaders = string.Join(';', sorted.Select(h => h.Name));
        var canonical = $"{method}\n{path}\n{SortQuery(query)}\n{string.Concat(sorted.Select(h => h.Name + ":" + h.Value.Trim() + "\n"))}\n{signedHeaders}\n{payloadHash}";
        var scope = $"{timestamp[..8]}/{region}/s3/aws4_request";
        var signature = Hmac(timestamp[..8], region, secret, StringToSign(timestamp, scope, canonical));
        all.Add(("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return new RawRequest(method, query.Length > 0 ? path + "?" + query : path, all, []);
    }

    /// <summary>A presigned URL (host the only signed header, UNSIGNED-PAYLOAD).</summary>
    public static RawRequest Presign(string method, string path, string host, DateTimeOffset when, long expiresSeconds, string region = "us-east-1")
    {
        var timestamp = when.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var scope = $"{timestamp[..8]}/{region}/s3/aws4_request";
        var query = $"X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={Uri.EscapeDataString(AccessKey + "/" + scope)}"
            + $"&X-Amz-Date={timestamp}&X-Amz-Expires={expiresSeconds}&X-Amz-SignedHeaders=host";
        var canonical = $"{method}\n{path}\n{SortQuery(query)}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD";
        var signature = Hmac(timestamp[..8], region, Secret, StringToSign(timestamp, scope, canonical));
        return new RawRequest(method, $"{path}?{query}&X-Amz-Signature={signature}", [("Host", host)], []);
    }

    public static string Sha256Hex(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static string SortQuery(string query) => query.Length == 0 ? "" : string.Join('&',
        query.Split('&').Select(p => p.Contains('=') ? p : p + "=").OrderBy(p => p[..p.IndexOf('=')], StringComparer.Ordinal).ThenBy(p => p, StringComparer.Ordinal));

    private static string StringToSign(string timestamp, string scope, string canonical) =>
        $"AWS4-HMAC-SHA256\n{timestamp}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";

    private static string Hmac(string date, string region, string secret, string stringToSign)
    {
        var k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(region));
        k = HMACSHA256.HashData(k, "s3"u8.ToArray());
        k = HMACSHA256.HashData(k, "aws4_request"u8.ToArray());
        return Convert.ToHexStringLower(HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(stringToSign)));
    }
}
