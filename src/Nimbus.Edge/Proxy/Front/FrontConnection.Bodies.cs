using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Nimbus.Edge.Proxy.Async;
using Nimbus.Edge.Proxy.Polling;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>Bodies: the request body to the instance, the response body to the client, and what a connection
/// does with an upload it did not read.</summary>
internal sealed partial class FrontConnection
{
    /// <summary>The client connection's next step may take at most this long while a request is served: sending request
    /// body bytes, or taking response bytes (Kestrel's minimum data rates, as nginx's client_body_timeout/send_timeout).</summary>
    private static readonly TimeSpan ClientProgressTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(5);
    private const long MaxLingerBytes = 64L << 20;

    /// <summary>The request body — Content-Length bytes, or chunks passed through as they are until the last one (trailers
    /// dropped, the final empty line written by the edge) — what already arrived with the head, then the rest as it comes.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<(long Sent, bool ClientError, Exception? UpstreamError, bool Malformed)> SendBodyAsync(PolledSocket upstream, long length)
    {
        var chunked = length == ChunkedBody;
        var decoder = new ChunkedDecoder();
        long sent = 0;
        while (_bodyRemaining > 0)
        {
            int take;
            int consumed;
            var done = false;
            if (!chunked)
            {
                take = consumed = (int)Math.Min(_bodyRemaining, _inEnd - _inStart);
                done = take == _bodyRemaining;
            }
            else
            {
                var status = decoder.Pass(_in, _inStart, _inEnd - _inStart, out consumed, out take);
                if (status == ChunkedStatus.Invalid)
                {
                    return (sent, false, null, true);
                }
                done = status == ChunkedStatus.Done;
            }
            if (take > 0 || done)
            {
                try
                {
                    if (take > 0)
                    {
                        await upstream.SendAsync(_in.AsMemory(_inStart, take)).ConfigureAwait(false);
                    }
                    if (done && chunked)
                    {
                        await upstream.SendAsync(CrLf).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (IsTransportError(ex))
                {
                    return (sent, false, ex, false);
                }
                sent += take;
            }
            _inStart += consumed;
            _bodyRemaining = done ? 0 : chunked ? _bodyRemaining : _bodyRemaining - take;
            if (done)
            {
                break;
            }
            // More from the client (keeping an unfinished chunk-size line), which may be waiting to be asked.
            Compact();
            if (_expectContinue)
            {
                _expectContinue = false;
                try
                {
                    await _io.SendAsync(Continue).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransportError(ex))
                {
                    return (sent, true, null, false);
                }
            }
            if (_inEnd == _in.Length)
            {
                return (sent, false, null, true);
            }
            int n;
            ClientMustProgress();
            try
            {
                n = await _io.ReceiveAsync(_in.AsMemory(_inEnd)).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportError(ex))
            {
                return (sent, true, null, false);
            }
            finally
            {
                Volatile.Write(ref _clientDeadline, 0);
            }
            if (n == 0)
            {
                return (sent, true, null, false);
            }
            _inEnd += n;
        }
        return (sent, false, null, false);
    }

    /// <summary>Sends the response head with the body bytes that came with it, then the rest of the body as it arrives,
    /// as it is framed (chunked bytes pass as they are; the decoder only finds where they end).</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<BodyCopyResult> CopyBodyAsync(PolledSocket upstream, int responseHead, int bodyStart, int upEnd, ResponseFraming framing, long contentLength)
    {
        var remaining = framing == ResponseFraming.ContentLength ? contentLength : long.MaxValue;
        var chunked = new ChunkedDecoder();
        long bytes = 0;
        var pending = responseHead; // bytes of _out not yet sent
        var start = bodyStart;
        var end = upEnd;
        var done = framing == ResponseFraming.None || remaining == 0;
        var clean = true; // no bytes beyond the response
        while (true)
        {
            // Forward what is in _up[start..end) that belongs to the body (take), past what the framing used (consumed).
            var take = 0;
            var consumed = -1;
            if (!done && end > start)
            {
                switch (framing)
                {
                    case ResponseFraming.ContentLength:
                        take = (int)Math.Min(remaining, end - start);
                        remaining -= take;
                        done = remaining == 0;
                        break;
                    case ResponseFraming.Chunked:
                        // Chunks pass as they are; trailer fields are dropped (as on the Kestrel path), and the edge
                        // writes the final empty line itself.
                        var status = chunked.Pass(_up, start, end - start, out consumed, out take);
                        if (status == ChunkedStatus.Invalid)
                        {
                            await FlushAsync(pending).ConfigureAwait(false);
                            return new BodyCopyResult(ForwardError.ResponseBodyFailed, bytes, false, "invalid chunked encoding in the response body");
                        }
                        done = status == ChunkedStatus.Done;
                        break;
                    default:
                        take = end - start;
                        break;
                }
            }
            consumed = consumed < 0 ? take : consumed;
            if (done && start + consumed < end)
            {
                clean = false;
            }
            if (take > 0 && pending > 0 && _out.Length - pending >= take)
            {
                // The head and the first body bytes go out in one send.
                _up.AsSpan(start, take).CopyTo(_out.AsSpan(pending));
                pending += take;
            }
            else if (take > 0 && (!await FlushAsync(pending).ConfigureAwait(false) || !await SendAsync(_up.AsMemory(start, take)).ConfigureAwait(false)))
            {
                return new BodyCopyResult(ForwardError.ClientGone, bytes, false);
            }
            else if (take > 0)
            {
                pending = 0;
            }
            start += consumed;
            bytes += take;
            if (done && framing == ResponseFraming.Chunked)
            {
                if (pending > 0 && _out.Length - pending >= 2)
                {
                    "\r\n"u8.CopyTo(_out.AsSpan(pending));
                    pending += 2;
                }
                else if (!await FlushAsync(pending).ConfigureAwait(false) || !await SendAsync(CrLf).ConfigureAwait(false))
                {
                    return new BodyCopyResult(ForwardError.ClientGone, bytes, false);
                }
                else
                {
                    pending = 0;
                }
            }
            // Whatever arrived goes out now (server-sent events must not wait for more).
            if (pending > 0)
            {
                if (!await FlushAsync(pending).ConfigureAwait(false))
                {
                    return new BodyCopyResult(ForwardError.ClientGone, bytes, false);
                }
                pending = 0;
            }
            if (done)
            {
                return new BodyCopyResult(ForwardError.None, bytes, clean);
            }
            // Keep an unfinished chunk-size or trailer line; read more (growing the buffer for a long one, within the
            // decoder's limits).
            var left = end - start;
            if (left > 0 && start > 0)
            {
                _up.AsSpan(start, left).CopyTo(_up);
            }
            start = 0;
            end = left;
            if (end == _up.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_up.Length * 2);
                _up.AsSpan(0, end).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_up);
                _up = larger;
            }
            int n;
            try
            {
                n = await upstream.ReceiveAsync(_up.AsMemory(end)).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportError(ex))
            {
                return new BodyCopyResult(ForwardError.ResponseBodyFailed, bytes, false, "the instance's connection failed in the middle of the response body: " + ex.Message);
            }
            if (n == 0)
            {
                return framing == ResponseFraming.UntilClose
                    ? new BodyCopyResult(ForwardError.None, bytes, false)
                    : new BodyCopyResult(ForwardError.ResponseBodyFailed, bytes, false, "the instance closed the connection in the middle of the response body");
            }
            end += n;
        }
    }

    /// <summary>After the answer to a request whose body the edge did not read (the instance failed first): closing at
    /// once would reset the connection — unread data — and the client could lose the answer. So: done sending, then
    /// read and discard what the client still sends, bounded in bytes and time.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
    private async ValueTask LingerAsync()
    {
        var left = Math.Min(_unread, MaxLingerBytes);
        Volatile.Write(ref _clientDeadline, LoopClock.Now + (long)(LingerTimeout.TotalSeconds * Stopwatch.Frequency));
        try
        {
            _io.Socket.Shutdown(SocketShutdown.Send);
            while (left > 0)
            {
                var n = await _io.ReceiveAsync(_in.AsMemory(0, (int)Math.Min(_in.Length, left))).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                left -= n;
            }
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            // Gone already: nothing more to wait for.
        }
        finally
        {
            Volatile.Write(ref _clientDeadline, 0);
        }
    }

    private static readonly ReadOnlyMemory<byte> Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private static readonly ReadOnlyMemory<byte> CrLf = "\r\n"u8.ToArray();

    private ValueTask<bool> FlushAsync(int count) => count == 0 ? ValueTask.FromResult(true) : SendAsync(_out.AsMemory(0, count));

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes)
    {
        _answered = true;
        ClientMustProgress();
        try
        {
            await _io.SendAsync(bytes).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            return false;
        }
        finally
        {
            Volatile.Write(ref _clientDeadline, 0);
        }
    }

    /// <summary>The client's next step (taking a response send, or sending request body bytes) must come within
    /// <see cref="ClientProgressTimeout"/>, or the sweep closes its connection.</summary>
    private void ClientMustProgress() =>
        Volatile.Write(ref _clientDeadline, LoopClock.Now + (long)(ClientProgressTimeout.TotalSeconds * Stopwatch.Frequency));
}
