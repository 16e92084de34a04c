using System.Buffers;
using System.IO.Pipelines;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>A connection's transport with bytes already read from it put back in front of its input: a pipe that holds
/// them, then what the socket delivers (copied over as it arrives).</summary>
internal static class PrefixedTransport
{
    /// <param name="prefix">Bytes already read from the connection.</param>
    /// <param name="inner">The connection's transport.</param>
    /// <param name="pool">Where the pipe's blocks come from (one that keeps them: a large upload streams through).</param>
    public static IDuplexPipe Wrap(ReadOnlySpan<byte> prefix, IDuplexPipe inner, MemoryPool<byte> pool)
    {
        if (prefix.IsEmpty)
        {
            return inner;
        }
        var pipe = new Pipe(new PipeOptions(pool: pool, readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        RequestBodySender.Copy(prefix, pipe.Writer);
        // Below the pipe's pause threshold and with no reader yet, the flush completes at once.
        var flushed = pipe.Writer.FlushAsync();
        if (!flushed.IsCompleted)
        {
            throw new InvalidOperationException("the prefix did not fit in the pipe");
        }
        _ = flushed.Result;
        _ = PumpAsync(inner.Input, pipe.Writer);
        return new DuplexPipe(pipe.Reader, inner.Output);
    }

    private static async Task PumpAsync(PipeReader from, PipeWriter to)
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync().ConfigureAwait(false);
                foreach (var segment in read.Buffer)
                {
                    RequestBodySender.Copy(segment.Span, to);
                }
                from.AdvanceTo(read.Buffer.End);
                var flush = await to.FlushAsync().ConfigureAwait(false);
                if (read.IsCompleted || read.IsCanceled || flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex)
        {
            error = ex;
        }
        await from.CompleteAsync(error).ConfigureAwait(false);
        await to.CompleteAsync(error).ConfigureAwait(false);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
