using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Nimbus.Edge.Proxy;

/// <summary>After an instance accepted an upgrade (101, e.g. WebSocket), splices the client's connection and the
/// instance's together, both ways, until either side closes.</summary>
internal static class UpgradeForwarder
{
    private const int BufferSize = 16 * 1024;

    /// <summary><paramref name="accept"/> completes the client's side: the HTTP/1.1 101, or for an HTTP/2 extended CONNECT
    /// (<paramref name="h2"/>) a 200 without the HTTP/1.1-only upgrade headers.</summary>
    public static async ValueTask<ForwardResult> SpliceAsync(HttpContext context, Func<Task<Stream>> accept, bool h2, HttpResponseMessage response, long bytesIn, CancellationToken ct)
    {
        foreach (var header in response.Headers.NonValidated)
        {
            if (header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) ||
                (h2 && (header.Key.Equals("Upgrade", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Sec-WebSocket-Accept", StringComparison.OrdinalIgnoreCase))))
            {
                continue;
            }
            context.Response.Headers[header.Key] = header.Value.ToString();
        }
        if (h2)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        Stream upstream;
        Stream client;
        try
        {
            upstream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            client = await accept().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            context.Abort();
            return new ForwardResult(ForwardError.ResponseBodyFailed, 101, bytesIn, 0, true, ex.Message);
        }
        using var both = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var up = PumpAsync(client, upstream, both.Token);
        var down = PumpAsync(upstream, client, both.Token);
        var first = await Task.WhenAny(up, down).ConfigureAwait(false);
        await both.CancelAsync().ConfigureAwait(false);
        await upstream.DisposeAsync().ConfigureAwait(false);
        await client.DisposeAsync().ConfigureAwait(false);
        var sent = await up.ConfigureAwait(false);
        var received = await down.ConfigureAwait(false);
        return new ForwardResult(ForwardError.None, 101, bytesIn + sent, received, true);
    }

    /// <summary>Copies until end of stream, an error or cancellation; returns the bytes copied.</summary>
    private static async Task<long> PumpAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return total;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                await to.FlushAsync(ct).ConfigureAwait(false);
                total += read;
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or HttpRequestException)
        {
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
