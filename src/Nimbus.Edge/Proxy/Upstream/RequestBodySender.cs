using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Nimbus.Edge.Proxy.Async;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Streams the client's request body into the instance's connection as it arrives, framed by Content-Length or
/// chunked, flushing after each read; the request head already sits in the pipe and leaves with the first bytes.</summary>
internal static class RequestBodySender
{
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public static async ValueTask<BodySendResult> SendAsync(PipeReader client, PipeWriter upstream, bool chunked, CancellationToken cancellationToken)
    {
        long bytes = 0;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await client.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
            {
                return new BodySendResult(bytes, ex, null);
            }
            var buffer = read.Buffer;
            if (!buffer.IsEmpty)
            {
                if (chunked)
                {
                    WriteChunk(upstream, buffer);
                }
                else
                {
                    Copy(buffer, upstream);
                }
                bytes += buffer.Length;
            }
            client.AdvanceTo(buffer.End);
            if (read.IsCompleted && chunked)
            {
                upstream.Write("0\r\n\r\n"u8);
            }
            try
            {
                await upstream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return new BodySendResult(bytes, null, ex);
            }
            if (read.IsCompleted)
            {
                return new BodySendResult(bytes, null, null);
            }
        }
    }

    private static void WriteChunk(PipeWriter upstream, in ReadOnlySequence<byte> data)
    {
        var span = upstream.GetSpan(20);
        data.Length.TryFormat(span, out var written, "x", System.Globalization.CultureInfo.InvariantCulture);
        span[written++] = (byte)'\r';
        span[written++] = (byte)'\n';
        upstream.Advance(written);
        Copy(data, upstream);
        upstream.Write("\r\n"u8);
    }

    public static void Copy(in ReadOnlySequence<byte> data, PipeWriter output)
    {
        foreach (var segment in data)
        {
            Copy(segment.Span, output);
        }
    }

    /// <summary>Copies into the writer asking for a size each time: Kestrel's chunked response writer can hand out an
    /// empty span to GetSpan() without a hint (its chunk framing takes the room of a small pipe block), which would make
    /// IBufferWriter.Write throw in the middle of a body.</summary>
    public static void Copy(ReadOnlySpan<byte> source, PipeWriter output)
    {
        while (!source.IsEmpty)
        {
            var target = output.GetSpan(Math.Min(source.Length, 4096));
            var n = Math.Min(target.Length, source.Length);
            source[..n].CopyTo(target);
            output.Advance(n);
            source = source[n..];
        }
    }
}
