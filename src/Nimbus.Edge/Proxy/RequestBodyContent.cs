using System.Buffers;
using System.Net;

namespace Nimbus.Edge.Proxy;

/// <summary>Streams the client's request body to the instance as it arrives, through one pooled buffer: nothing is
/// buffered whole. Records whether reading started (then the request cannot be retried elsewhere) and how much went.</summary>
internal sealed class RequestBodyContent(Stream source, long? length) : HttpContent
{
    private const int BufferSize = 64 * 1024;

    public bool Started { get; private set; }
    public long Bytes { get; private set; }
    /// <summary>Set when reading from the client failed (as opposed to writing to the instance, or our own cancellation).</summary>
    public Exception? ClientError { get; private set; }

    /// <summary>Called once the whole body went out (the response deadline starts then).</summary>
    public Action? Sent { get; set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Started = true;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
                {
                    ClientError = ex;
                    throw;
                }
                if (read == 0)
                {
                    Sent?.Invoke();
                    return;
                }
                Bytes += read;
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    /// <summary>The Content-Length the client sent, if any; otherwise the body is sent chunked.</summary>
    public long? DeclaredLength => length;
}
