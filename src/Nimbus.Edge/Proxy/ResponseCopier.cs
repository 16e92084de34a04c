using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nimbus.Edge.Cache;

namespace Nimbus.Edge.Proxy;

/// <summary>Streams an instance's response body to the client: reads straight into the response pipe's own memory
/// (no intermediate buffer) and flushes after every read, so Server-Sent Events and long downloads flow as they come.</summary>
internal static class ResponseCopier
{
    private const int MinReadSize = 16 * 1024;

    /// <summary>Copies the body; when <paramref name="tee"/> is given, every chunk is also written to it (the cache).</summary>
    public static async ValueTask<ForwardResult> CopyAsync(HttpContext context, HttpResponseMessage response, RequestBodyContent? body,
        CancellationToken ct, CacheWriter? tee = null)
    {
        var status = context.Response.StatusCode;
        var started = body?.Started ?? false;
        long bytesOut = 0;
        Stream upstream;
        try
        {
            upstream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return Broken(context, status, body, started, 0, ex, ct);
        }
        await using (upstream.ConfigureAwait(false))
        {
            var writer = context.Response.BodyWriter;
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            while (true)
            {
                var memory = writer.GetMemory(MinReadSize);
                int read;
                try
                {
                    read = await upstream.ReadAsync(memory, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
                {
                    return Broken(context, status, body, started, bytesOut, ex, ct);
                }
                if (read == 0)
                {
                    break;
                }
                tee?.Write(memory.Span[..read]);
                writer.Advance(read);
                bytesOut += read;
                var flush = await writer.FlushAsync(ct).ConfigureAwait(false);
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return new ForwardResult(ForwardError.ClientGone, status, body?.Bytes ?? 0, bytesOut, started);
                }
            }
        }
        return new ForwardResult(ForwardError.None, status, body?.Bytes ?? 0, bytesOut, started);
    }

    private static ForwardResult Broken(HttpContext context, int status, RequestBodyContent? body, bool started, long bytesOut, Exception ex, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return new ForwardResult(ForwardError.ClientGone, status, body?.Bytes ?? 0, bytesOut, started);
        }
        // The status line is gone already: the only honest signal left is to cut the client's connection
        // (HTTP/1.1: no terminating chunk; HTTP/2: RST_STREAM), so it never takes a truncated body for a whole one.
        context.Abort();
        return new ForwardResult(ForwardError.ResponseBodyFailed, status, body?.Bytes ?? 0, bytesOut, started, ex.Message);
    }
}
