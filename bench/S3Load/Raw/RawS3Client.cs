using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace Nimbus.Bench.S3Load.Raw;

/// <summary>The modes' requests as plain HTTP/1.1 with SigV4 header signing (<c>--client raw</c>): what any S3 client
/// sends on the wire, for a small fraction of the SDK's client CPU, so small-object rows measure the server.</summary>
/// <remarks>Path-style URLs; one signed payload hash per request (no aws-chunked, no trailers, no
/// Expect: 100-continue), computed once per distinct payload buffer, so a PUT costs the client one SHA-256 of the
/// canonical request and one HMAC, never a pass over the body.</remarks>
internal sealed class RawS3Client : IObjectClient
{
    // SHA-256 of no bytes: the payload hash of every request without a body.
    private const string EmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const int ListBufferSize = 256 * 1024;

    private static readonly UriCreationOptions AsSent = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly HttpClient _http;
    private readonly SigV4Signer _signer;
    private readonly string _base;
    private readonly ConditionalWeakTable<byte[], string> _payloadHashes = [];

    public RawS3Client(LoadOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Concurrency,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
        };
        _http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(10) };
        var endpoint = options.Endpoint;
        _base = endpoint.GetLeftPart(UriPartial.Authority);
        // The Host header HttpClient derives from the URI: the port only when it is not the scheme's default.
        _signer = new SigV4Signer(options.AccessKey, options.SecretKey, options.Region, endpoint.Authority);
    }

    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, Path(bucket, null), "", [], cancellationToken);
        // 409 BucketAlreadyOwnedByYou: there from an earlier run, what the modes want.
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw await ErrorAsync(response, cancellationToken);
        }
    }

    public async Task PutAsync(string bucket, string key, byte[] payload, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, Path(bucket, key), "", payload, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, cancellationToken);
        }
    }

    public async Task<long> GetAsync(string bucket, string key, byte[] drain, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, Path(bucket, key), "", null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, cancellationToken);
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(drain, cancellationToken)) > 0)
        {
            total += read;
        }
        return total;
    }

    public async Task<long?> GetLengthAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, Path(bucket, key), "", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new S3RequestException(response.StatusCode, null, null);   // a HEAD answer has no body to explain it
        }
        return response.Content.Headers.ContentLength;
    }

    public async Task<ListPageResult> ListPageAsync(string bucket, string? prefix, int maxKeys, string? continuationToken,
        CancellationToken cancellationToken)
    {
        // SigV4 signs the query sorted by name; sending it in that order lets one string serve both.
        var query = new StringBuilder(128);
        if (!string.IsNullOrEmpty(continuationToken))
        {
            query.Append("continuation-token=").Append(UriEncoding.Encode(continuationToken, keepSlash: false)).Append('&');
        }
        query.Append("list-type=2&max-keys=").Append(maxKeys);
        if (!string.IsNullOrEmpty(prefix))
        {
            query.Append("&prefix=").Append(UriEncoding.Encode(prefix, keepSlash: false));
        }
        using var response = await SendAsync(HttpMethod.Get, Path(bucket, null), query.ToString(), null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(response, cancellationToken);
        }
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(ListBufferSize);
        try
        {
            var length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            return ListResultParser.Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Path(string bucket, string? key) => key is null
        ? "/" + UriEncoding.Encode(bucket, keepSlash: false)
        : "/" + UriEncoding.Encode(bucket, keepSlash: false) + "/" + UriEncoding.Encode(key, keepSlash: true);

    /// <param name="payload">The body, or null for none; the same array must keep the same bytes (its hash is cached).</param>
    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string query, byte[]? payload,
        CancellationToken cancellationToken)
    {
        var hash = payload is null || payload.Length == 0 ? EmptyHash : _payloadHashes.GetValue(payload, HashOf);
        var authorization = _signer.Sign(method.Method, path, query, hash, out var amzDate);
        var uri = new Uri(query.Length == 0 ? _base + path : _base + path + "?" + query, in AsSent);
        var request = new HttpRequestMessage(method, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.ExpectContinue = false;
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", hash);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);   // Content-Length from the array, no copy
        }
        // Headers first: GET streams its body into the caller's buffer, LIST into a pooled one.
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static string HashOf(byte[] payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    private static async Task<S3RequestException> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(await response.Content.ReadAsStringAsync(cancellationToken));
        var code = ListResultParser.TryElement(body, "<Code>"u8, "</Code>"u8, out var c) ? Encoding.UTF8.GetString(c) : null;
        var message = ListResultParser.TryElement(body, "<Message>"u8, "</Message>"u8, out var m) ? Encoding.UTF8.GetString(m) : null;
        return new S3RequestException(response.StatusCode, code, message);
    }
}
