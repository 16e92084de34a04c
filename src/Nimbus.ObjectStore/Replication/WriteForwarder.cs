using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Nimbus.ObjectStore.S3;

namespace Nimbus.ObjectStore.Replication;

/// <summary>
/// A follower's S3 writes go to the metadata node's S3 endpoint byte for byte (the Host header and every signed header
/// kept, so the client's SigV4 signature still verifies there; the body streamed, never buffered), and the answer
/// streams back. A successful write is answered once this node's metadata copy has it, so a client reads its own
/// write from this node next.
/// </summary>
internal sealed partial class WriteForwarder(
    NodeIdentity identity, IStorageNodeView nodes, MetadataFollower follower, ReplicationOptions options, ILogger<WriteForwarder> logger)
    : IWriteForwarder, IDisposable
{
    // Hop-by-hop (RFC 9110 7.6.1) and what the client stack sets itself.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length", "Expect",
        IWriteForwarder.ForwardedByHeader, IWriteForwarder.SeqHeader, IWriteForwarder.LogHeader,
    };

    private readonly HttpMessageInvoker _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    });

    public bool HasCopy => follower.FirstCopy.IsCompleted;

    public async Task ForwardAsync(HttpContext http)
    {
        var leader = nodes.Current.MetadataNode(identity.Id) is { S3: not null } node ? node : throw Unavailable("no metadata node with an S3 endpoint is registered");
        var request = http.Request;
        var ct = http.RequestAborted;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), TargetOn(leader.S3!, http))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var hasBody = request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);
        if (hasBody || request.ContentLength == 0 || request.Headers.Keys.Any(IsContentHeader))
        {
            message.Content = hasBody ? new StreamContent(request.Body, 64 * 1024) : new ByteArrayContent([]);
            message.Content.Headers.ContentLength = request.ContentLength;
        }
        foreach (var (name, values) in request.Headers)
        {
            // A header sent on several lines goes on as one, joined by "," as SigV4 joins them when it signs.
            var value = values.Count == 1 ? values[0] : string.Join(',', values.ToArray());
            if (!NotForwarded.Contains(name) && !message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        message.Headers.Host = request.Host.Value;
        if (request.Headers.Expect.ToString().Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            message.Headers.ExpectContinue = true;
        }
        message.Headers.TryAddWithoutValidation(IWriteForwarder.ForwardedByHeader, identity.Id);

        HttpResponseMessage response;
        // Without a body the answer's head must come within a push timeout (a metadata node that accepts and hangs);
        // with one, the upload itself may take long, and the client's own timeout governs.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (!hasBody)
        {
            deadline.CancelAfter(options.PushTimeout);
        }
        try
        {
            response = await _http.SendAsync(message, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogForwardFailed(leader.Id, e.Message);
            throw Unavailable($"the metadata node {leader.Id} did not answer ({e.Message})");
        }
        using (response)
        {
            if (response.IsSuccessStatusCode && Number(response, IWriteForwarder.SeqHeader) is { } seq && Number(response, IWriteForwarder.LogHeader) is { } log)
            {
                // Read-your-writes through this node: answer once the copy here has the commit — in the same log (a
                // metadata node with a new database starts new seqs), after a feed in this run (a write from before
                // the log was kept has seq 0 and comes with a full copy).
                await follower.Applied.WaitUntilAsync(() => follower.FirstCopy.IsCompleted && follower.Log == log && follower.Applied.Seq >= seq,
                    options.ForwardedWriteVisibleWait, ct).ConfigureAwait(false);
            }
            var answer = http.Response;
            answer.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!NotForwarded.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    answer.Headers[name] = values.ToArray();
                }
            }
            try
            {
                await response.Content.CopyToAsync(answer.Body, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
            {
                // The head went out already: a cut connection is the only honest answer left.
                LogForwardFailed(leader.Id, e.Message);
                http.Abort();
            }
        }
    }

    private static long? Number(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) && long.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) || name.Equals("Expires", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request target as the client sent it (not re-encoded, dot segments kept: S3 keys are opaque) on the metadata node.</summary>
    private static Uri TargetOn(Uri s3, HttpContext http)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        if (!raw.StartsWith('/'))
        {
            // Absolute form (through a proxy): the path and query after the authority.
            var authority = raw.IndexOf("://", StringComparison.Ordinal);
            var path = authority < 0 ? -1 : raw.IndexOfAny(['/', '?'], authority + 3);
            raw = path < 0 ? "/" : raw[path] == '?' ? "/" + raw[path..] : raw[path..];
        }
        return new Uri(s3.GetLeftPart(UriPartial.Authority) + raw, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
    }

    private static S3Exception Unavailable(string why) => new(new S3Error(503, "ServiceUnavailable",
        $"Writes are committed by the metadata node, and {why}. Reads still work on this node; retry the write shortly.").WithHeader("Retry-After", "1"));

    public void Dispose() => _http.Dispose();
}
