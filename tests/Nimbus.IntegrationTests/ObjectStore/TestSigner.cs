using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Nimbus.IntegrationTests.ObjectStore;

/// <summary>
/// A minimal SigV4 signer for requests no SDK will send (malformed XML, odd keys, forged signatures), written from the
/// AWS documentation independently of the server's verifier, plus a raw HTTP/1.1 exchange over a socket so the request
/// target goes out byte for byte (HttpClient would normalise "/a/../b").
/// </summary>
internal sealed class TestSigner(string accessKey, string secretKey, string region = "us-east-1")
{
    public sealed record RawResponse(int Status, string Head, string Body);

    /// <summary>Headers (including Authorization) for METHOD RAWPATH?QUERY with this body, signed at <paramref name="now"/>.</summary>
    public List<KeyValuePair<string, string>> Sign(string method, string host, string rawPath, string rawQuery, byte[] body, DateTime now, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var date = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var day = date[..8];
        var payload = Convert.ToHexStringLower(SHA256.HashData(body));
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-date"] = date,
            ["x-amz-content-sha256"] = payload,
        };
        foreach (var (name, value) in extra ?? [])
        {
            headers[name.ToLowerInvariant()] = value.Trim();
        }
        var query = string.Join('&', rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Contains('=') ? p : p + "=").Order(StringComparer.Ordinal));
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = $"{method}\n{rawPath}\n{query}\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\n{payload}";
        var scope = $"{day}/{region}/s3/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{date}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secretKey), day), region), "s3"), "aws4_request");
        var signature = Convert.ToHexStringLower(Hmac(key, toSign));
        var result = headers.Where(h => h.Key != "host").ToList();
        result.Add(new("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return result;
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    /// <summary>Sends one request and reads the whole response; <paramref name="sendBytes"/> may be fewer than the body
    /// (a truncated upload: the socket's send side is then shut).</summary>
    public static async Task<RawResponse> SendAsync(Uri endpoint, string method, string target, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, int? sendBytes = null)
    {
        using var client = new TcpClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(endpoint.Host, endpoint.Port, cts.Token);
        var stream = client.GetStream();
        var head = new StringBuilder($"{method} {target} HTTP/1.1\r\nHost: {endpoint.Host}:{endpoint.Port}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cts.Token);
        await stream.WriteAsync(body.AsMemory(0, sendBytes ?? body.Length), cts.Token);
        if (sendBytes is not null)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }
        using var response = new MemoryStream();
        try
        {
            await stream.CopyToAsync(response, cts.Token);
        }
        catch (IOException)
        {
            // A server that cuts a broken upload off may reset; what arrived before is the answer.
        }
        var text = Encoding.UTF8.GetString(response.ToArray());
        if (text.Length < 12)
        {
            return new RawResponse(0, text, "");
        }
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return new RawResponse(int.Parse(text.AsSpan(9, 3), CultureInfo.InvariantCulture), split < 0 ? text : text[..split], split < 0 ? "" : text[(split + 4)..]);
    }
}
