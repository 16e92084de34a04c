using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.WebUtilities;
using Nimbus.Edge.Proxy.Upstream;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Proxy.Front;

internal sealed partial class FrontConnection
{
    /// <summary>The client connection's next step may take at most this long while a request is served: sending request
    /// body bytes, or taking response bytes (Kestrel's minimum data rates, as nginx's client_body_timeout/send_timeout).</summary>
    private static readonly TimeSpan ClientProgressTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LingerTimeout = TimeSpan.FromSeconds(5);
    private const long MaxLingerBytes = 64L << 20;

    /// <summary>Whether the client connection can take another request after this one.</summary>
    private bool _keep;
    /// <summary>Request body bytes the client still has to send that the edge did not read.</summary>
    private long _unread;
    /// <summary>The client waits for "100 Continue" before it sends the body (sent when the body is first read).</summary>
    private bool _expectContinue;
    /// <summary>What is left of the request body to read (for a chunked one, a bound until its last chunk).</summary>
    private long _bodyRemaining;
    /// <summary>The body length that stands for "chunked".</summary>
    private const long ChunkedBody = -1;
    /// <summary>The client has seen bytes of the response (an error can no longer be answered, only cut).</summary>
    private bool _answered;
    private int _requestIdLength;

    /// <summary>Picks an instance, forwards, and retries once elsewhere when the rules allow (as the Kestrel path does).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwardResult> ForwardAsync(AppRoute route, FrontRequest request)
    {
        var head = _in.AsSpan(_inStart, request.Length);
        var method = head[..request.MethodLength];
        var idempotent = FrontRequestParser.IsIdempotent(method);
        var isHead = method.SequenceEqual("HEAD"u8);
        _requestIdLength = RequestId(head, request);
        var needed = request.Length + request.HostLength + FrontHeads.Extra;
        if (_out.Length < needed)
        {
            ArrayPool<byte>.Shared.Return(_out);
            _out = ArrayPool<byte>.Shared.Rent(needed);
        }
        var upstreamHead = FrontHeads.WriteRequest(_out, head, request, _requestRanges, _requestId.AsSpan(0, _requestIdLength), _client);
        _inStart += request.Length;
        _keep = !request.Close && !_listener.Draining;
        _answered = false;
        var body = request.Chunked ? ChunkedBody : Math.Max(request.ContentLength, 0);
        _expectContinue = request.ExpectContinue && body != 0;
        _bodyRemaining = request.Chunked ? MaxLingerBytes : body;

        Destination? failed = null;
        ForwardResult last = default;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var destination = route.Pick(Stopwatch.GetTimestamp(), failed);
            if (destination is null)
            {
                break;
            }
            if (attempt > 0)
            {
                route.Traffic.Retried();
            }
            destination.Begin();
            try
            {
                last = await ExchangeAsync(destination, route, upstreamHead, body, idempotent, isHead).ConfigureAwait(false);
            }
            finally
            {
                destination.End();
            }
            _listener.Judge.Judge(destination, last);
            if (last.Error == ForwardError.None || !last.MayRetry(idempotent))
            {
                break;
            }
            failed = destination;
        }
        _unread = _bodyRemaining;
        if (_unread > 0)
        {
            // The body is (partly) still on its way from the client: this connection cannot read the next request.
            _keep = false;
        }
        if (last.Status == 0)
        {
            await AnswerAsync(503, "Retry-After: 1\r\n", EdgeResponses.NoInstanceText(route), isHead).ConfigureAwait(false);
            return new ForwardResult(ForwardError.None, 503, 0, 0, false);
        }
        if (last.Error is not (ForwardError.None or ForwardError.ClientGone or ForwardError.ResponseBodyFailed) && !_answered)
        {
            _listener.LogForwardFailed(route.App, last.Error, last.Detail ?? "");
            await AnswerAsync(last.Status, $"X-Request-Id: {System.Text.Encoding.ASCII.GetString(_requestId, 0, _requestIdLength)}\r\nX-Nimbus-Error: {EdgeResponses.ErrorKind(last.Error)}\r\n",
                (last.Detail ?? last.Error.ToString()) + "\n", isHead).ConfigureAwait(false);
        }
        return last;
    }

    private int RequestId(ReadOnlySpan<byte> head, in FrontRequest request)
    {
        if (request.RequestIdStart >= 0)
        {
            head.Slice(request.RequestIdStart, request.RequestIdLength).CopyTo(_requestId);
            return request.RequestIdLength;
        }
        return RequestIds.Write(RequestIds.NextValue(), _requestId);
    }

    /// <summary>One attempt on one instance: a pooled connection first, a fresh one after a stale one.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ForwardResult> ExchangeAsync(Destination destination, AppRoute route, int upstreamHead, long body, bool idempotent, bool isHead)
    {
        var pool = destination.UpstreamPool(_listener.PoolSettings);
        var retryable = body == 0 && idempotent;
        for (var attempt = 0; ; attempt++)
        {
            var connect = await pool.AcquireAsync(attempt, retryable, CancellationToken.None).ConfigureAwait(false);
            if (connect.Connection is not { } connection)
            {
                return ForwardFailures.ConnectFailed(destination, connect.Error!);
            }
            Exchange exchange;
            try
            {
                exchange = await ExchangeOnAsync(connection, destination, route, upstreamHead, body, idempotent, isHead).ConfigureAwait(false);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
            pool.Release(connection, exchange.Reusable);
            if (!exchange.Stale)
            {
                return exchange.Result;
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Exchange> ExchangeOnAsync(UpstreamConnection connection, Destination destination, AppRoute route, int upstreamHead,
        long body, bool idempotent, bool isHead)
    {
        var socket = connection.Socket;
        var started = body != 0;
        Exception? upstreamError = null;
        long sent = 0;
        try
        {
            await socket.SendAsync(_out.AsMemory(0, upstreamHead), SocketFlags.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsTransportError(ex))
        {
            // Still read: the instance may have answered already; if not, the read fails and says how.
            upstreamError = ex;
        }
        if (started && upstreamError is null)
        {
            var (bodySent, clientError, bodyError, malformed) = await SendBodyAsync(socket, body).ConfigureAwait(false);
            sent = bodySent;
            upstreamError = bodyError;
            if (malformed)
            {
                _keep = false;
                return new Exchange(new ForwardResult(ForwardError.RequestBodyFailed, 400, sent, 0, true,
                    "the request body's chunked encoding is invalid (RFC 9112 7.1)"), false, false);
            }
            if (clientError)
            {
                _keep = false;
                return new Exchange(new ForwardResult(ForwardError.ClientGone, 499, sent, 0, true), false, false);
            }
        }
        if (upstreamError is not null || _bodyRemaining > 0)
        {
            _keep = false;
        }

        // The wait for the response head starts once the request is sent: a slow upload is not a slow instance. The
        // listener's sweep enforces the deadline (a timer per request would cost more than the rest of the bookkeeping).
        connection.SetDeadline(Stopwatch.GetTimestamp() + (long)(route.Settings.Timeout.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref _awaiting, connection);
        (Exchange? Failed, ResponseHead Head, int End) response;
        try
        {
            response = await ReadResponseHeadAsync(connection, destination, sent, started, idempotent).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _awaiting, null);
        }
        if (connection.ClearDeadline())
        {
            return new Exchange(ForwardFailures.TimedOut(destination, route.Settings.Timeout, sent, started), false, false);
        }
        return response.Failed ?? await ForwardResponseAsync(socket, response.Head, response.End, sent, started, upstreamError, isHead).ConfigureAwait(false);
    }

    /// <summary>Reads the final response head (1xx interim ones skipped) into _up, or says why there is none.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(Exchange? Failed, ResponseHead Head, int End)> ReadResponseHeadAsync(UpstreamConnection connection, Destination destination,
        long sent, bool started, bool idempotent)
    {
        var socket = connection.Socket;
        var upEnd = 0;
        var head = default(ResponseHead);
        var received = false;
        while (true)
        {
            var status = upEnd == 0 ? ResponseHeadStatus.Incomplete : ResponseHeadParser.Parse(_up.AsSpan(0, upEnd), _responseRanges, out head);
            if (status == ResponseHeadStatus.Complete)
            {
                if (head.Status >= 200)
                {
                    return (null, head, upEnd);
                }
                if (head.Status == 101)
                {
                    return (Invalid(destination, sent, started, "101 Switching Protocols to a request that asked for no upgrade"), head, upEnd);
                }
                // 1xx interim (100 Continue, 103 Early Hints): the final response follows.
                _up.AsSpan(head.Length, upEnd - head.Length).CopyTo(_up);
                upEnd -= head.Length;
                continue;
            }
            if (status == ResponseHeadStatus.Invalid)
            {
                return (Invalid(destination, sent, started, head.Error!), head, upEnd);
            }
            if (upEnd == _up.Length)
            {
                // A head larger than the buffer (up to the parser's 64 KiB).
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_up.Length * 2, ResponseHeadParser.MaxHeadBytes + BufferSize));
                _up.AsSpan(0, upEnd).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_up);
                _up = larger;
            }
            int n;
            try
            {
                n = await socket.ReceiveAsync(_up.AsMemory(upEnd), SocketFlags.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportError(ex))
            {
                return (BeforeResponse(connection, destination, sent, started, received, (ex.InnerException ?? ex).Message, idempotent), head, upEnd);
            }
            if (n == 0)
            {
                return (BeforeResponse(connection, destination, sent, started, received, "connection closed", idempotent), head, upEnd);
            }
            received = true;
            upEnd += n;
        }
    }

    /// <summary>Headers arrived: from here the body may take as long as it takes (downloads, SSE).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Exchange> ForwardResponseAsync(Socket socket, ResponseHead head, int upEnd, long sent, bool started, Exception? upstreamError, bool isHead)
    {
        var framing = isHead || head.Status is 204 or 304
            ? ResponseFraming.None
            : head.HasTransferEncoding ? (head.Chunked ? ResponseFraming.Chunked : ResponseFraming.UntilClose)
            : head.ContentLength >= 0 ? ResponseFraming.ContentLength : ResponseFraming.UntilClose;
        // The same rules as the Kestrel path: smuggling smells (both framings), a 204 declaring a body, HTTP/1.0 without
        // keep-alive, or a failed send leave the connection unusable afterwards.
        var reusable = !head.ConnectionClose && (!head.Http10 || head.KeepAlive) && !(head.HasTransferEncoding && head.ContentLength >= 0) &&
            !(head.Status == 204 && (head.ContentLength > 0 || head.HasTransferEncoding)) && upstreamError is null;
        if (framing == ResponseFraming.UntilClose || _listener.Draining)
        {
            _keep = false;
        }
        var needed = head.Length + FrontHeads.Extra;
        if (_out.Length < needed)
        {
            ArrayPool<byte>.Shared.Return(_out);
            _out = ArrayPool<byte>.Shared.Rent(needed);
        }
        var responseHead = FrontHeads.WriteResponse(_out, _up.AsSpan(0, head.Length), head, _responseRanges, framing,
            _requestId.AsSpan(0, _requestIdLength), !_keep);
        var copied = await CopyBodyAsync(socket, responseHead, head.Length, upEnd, framing, head.ContentLength).ConfigureAwait(false);
        if (copied.Error != ForwardError.None)
        {
            _keep = false;
        }
        var result = new ForwardResult(copied.Error, head.Status, sent, copied.Bytes, started, copied.Detail);
        return new Exchange(result, reusable && copied.Reusable && copied.Error == ForwardError.None, false);
    }

    /// <summary>The request body — Content-Length bytes, or chunks passed through as they are until the last one (trailers
    /// dropped, the final empty line written by the edge) — what already arrived with the head, then the rest as it comes.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(long Sent, bool ClientError, Exception? UpstreamError, bool Malformed)> SendBodyAsync(Socket upstream, long length)
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
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_in, _inStart, _inEnd - _inStart));
                var inTrailer = decoder.InTrailer;
                ChunkedStatus status;
                do
                {
                    status = decoder.Next(ref reader, out _);
                }
                while (status == ChunkedStatus.Data);
                if (status == ChunkedStatus.Invalid)
                {
                    return (sent, false, null, true);
                }
                consumed = (int)reader.Consumed;
                take = inTrailer ? 0 : decoder.InTrailer ? (int)decoder.TrailerStart : consumed;
                done = status == ChunkedStatus.Done;
            }
            if (take > 0 || done)
            {
                try
                {
                    if (take > 0)
                    {
                        await upstream.SendAsync(_in.AsMemory(_inStart, take), SocketFlags.None).ConfigureAwait(false);
                    }
                    if (done && chunked)
                    {
                        await upstream.SendAsync(CrLf, SocketFlags.None).ConfigureAwait(false);
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
                    await _socket.SendAsync(Continue, SocketFlags.None).ConfigureAwait(false);
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
                n = await _socket.ReceiveAsync(_in.AsMemory(_inEnd), SocketFlags.None).ConfigureAwait(false);
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<BodyCopyResult> CopyBodyAsync(Socket upstream, int responseHead, int bodyStart, int upEnd, ResponseFraming framing, long contentLength)
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
                        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_up, start, end - start));
                        var inTrailer = chunked.InTrailer;
                        ChunkedStatus status;
                        do
                        {
                            status = chunked.Next(ref reader, out _);
                        }
                        while (status == ChunkedStatus.Data);
                        if (status == ChunkedStatus.Invalid)
                        {
                            await FlushAsync(pending).ConfigureAwait(false);
                            return new BodyCopyResult(ForwardError.ResponseBodyFailed, bytes, false, "invalid chunked encoding in the response body");
                        }
                        consumed = (int)reader.Consumed;
                        take = inTrailer ? 0 : chunked.InTrailer ? (int)chunked.TrailerStart : consumed;
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
                n = await upstream.ReceiveAsync(_up.AsMemory(end), SocketFlags.None).ConfigureAwait(false);
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
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask LingerAsync()
    {
        var left = Math.Min(_unread, MaxLingerBytes);
        Volatile.Write(ref _clientDeadline, Stopwatch.GetTimestamp() + (long)(LingerTimeout.TotalSeconds * Stopwatch.Frequency));
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
            while (left > 0)
            {
                var n = await _socket.ReceiveAsync(_in.AsMemory(0, (int)Math.Min(_in.Length, left)), SocketFlags.None).ConfigureAwait(false);
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes)
    {
        _answered = true;
        ClientMustProgress();
        try
        {
            await _socket.SendAsync(bytes, SocketFlags.None).ConfigureAwait(false);
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
        Volatile.Write(ref _clientDeadline, Stopwatch.GetTimestamp() + (long)(ClientProgressTimeout.TotalSeconds * Stopwatch.Frequency));

    /// <summary>One of the edge's own answers.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask AnswerAsync(int status, string extraFields, string text, bool isHead)
    {
        var needed = extraFields.Length + (text.Length * 3) + 256;
        if (_out.Length < needed)
        {
            ArrayPool<byte>.Shared.Return(_out);
            _out = ArrayPool<byte>.Shared.Rent(needed);
        }
        var length = FrontHeads.WriteAnswer(_out, status, ReasonPhrases.GetReasonPhrase(status), extraFields, text, !_keep || _listener.Draining, isHead);
        await FlushAsync(length).ConfigureAwait(false);
    }

    private static Exchange BeforeResponse(UpstreamConnection connection, Destination destination, long sent, bool started, bool received,
        string reason, bool idempotent)
    {
        if (received)
        {
            return Invalid(destination, sent, started, "the connection closed in the middle of the response head");
        }
        var result = ForwardFailures.Reset(destination, reason, sent, started);
        // A pooled connection the instance closed while idle: going again is safe only if the instance cannot have acted
        // on the request (no body, idempotent method).
        return new Exchange(result, false, Stale: connection.Reused && !started && idempotent);
    }

    private static Exchange Invalid(Destination destination, long sent, bool started, string reason) =>
        new(ForwardFailures.Invalid(destination, reason, sent, started), false, false);

    private static bool IsTransportError(Exception ex) => ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException;
}
