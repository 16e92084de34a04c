using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nimbus.Edge.Proxy.Async;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Streams the instance's response body into Kestrel's response pipe, decoding its framing, and flushes after
/// every read so Server-Sent Events and long downloads flow as they come. A body that breaks off cuts the client's
/// connection (like <see cref="ResponseCopier"/>) so a truncated body is never taken for a whole one.</summary>
internal static class ResponseBodyCopier
{
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public static async ValueTask<BodyCopyResult> CopyAsync(HttpContext context, PipeReader upstream, ResponseFraming framing, long length, CancellationToken cancellationToken)
    {
        if (framing == ResponseFraming.None || (framing == ResponseFraming.ContentLength && length == 0))
        {
            // Nothing may follow this head: bytes already here (a body the framing does not allow, e.g. after a HEAD or a
            // 304) would be read as the next response's head, so such a connection is not reused.
            var clean = true;
            if (upstream.TryRead(out var extra))
            {
                clean = extra.Buffer.IsEmpty && !extra.IsCompleted;
                upstream.AdvanceTo(extra.Buffer.Start, extra.Buffer.End);
            }
            return new BodyCopyResult(ForwardError.None, 0, clean);
        }
        var output = context.Response.BodyWriter;
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var decoder = new ChunkedDecoder();
        var remaining = length;
        long bytes = 0;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await upstream.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return Broken(context, bytes, ex.Message);
            }
            var buffer = read.Buffer;
            var status = ChunkedStatus.NeedMore;
            SequencePosition consumed;
            long written;
            switch (framing)
            {
                case ResponseFraming.ContentLength:
                    written = Math.Min(buffer.Length, remaining);
                    consumed = buffer.GetPosition(written);
                    RequestBodySender.Copy(buffer.Slice(0, written), output);
                    remaining -= written;
                    if (remaining == 0)
                    {
                        status = ChunkedStatus.Done;
                    }
                    break;
                case ResponseFraming.Chunked:
                    written = Decode(ref decoder, buffer, output, out consumed, out status);
                    break;
                default:
                    written = buffer.Length;
                    consumed = buffer.End;
                    RequestBodySender.Copy(buffer, output);
                    if (read.IsCompleted)
                    {
                        status = ChunkedStatus.Done;
                    }
                    break;
            }
            var leftover = status == ChunkedStatus.Done && buffer.Slice(consumed).Length > 0;
            upstream.AdvanceTo(consumed, buffer.End);
            bytes += written;
            if (written > 0)
            {
                FlushResult flush;
                try
                {
                    flush = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or OperationCanceledException)
                {
                    return new BodyCopyResult(ForwardError.ClientGone, bytes, false);
                }
                if (flush.IsCanceled || flush.IsCompleted)
                {
                    return new BodyCopyResult(ForwardError.ClientGone, bytes, false);
                }
            }
            switch (status)
            {
                case ChunkedStatus.Done:
                    return new BodyCopyResult(ForwardError.None, bytes, framing != ResponseFraming.UntilClose && !leftover);
                case ChunkedStatus.Invalid:
                    return Broken(context, bytes, "invalid chunked encoding in the response body");
            }
            if (read.IsCompleted)
            {
                return Broken(context, bytes, "the instance closed the connection before the response body ended");
            }
        }
    }

    private static long Decode(ref ChunkedDecoder decoder, in ReadOnlySequence<byte> buffer, PipeWriter output, out SequencePosition consumed, out ChunkedStatus status)
    {
        var reader = new SequenceReader<byte>(buffer);
        long written = 0;
        while ((status = decoder.Next(ref reader, out var data)) == ChunkedStatus.Data)
        {
            RequestBodySender.Copy(data, output);
            written += data.Length;
        }
        consumed = reader.Position;
        return written;
    }

    private static BodyCopyResult Broken(HttpContext context, long bytes, string detail)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return new BodyCopyResult(ForwardError.ClientGone, bytes, false);
        }
        // The status line is gone already: the only honest signal left is to cut the client's connection.
        context.Abort();
        return new BodyCopyResult(ForwardError.ResponseBodyFailed, bytes, false, detail);
    }
}
