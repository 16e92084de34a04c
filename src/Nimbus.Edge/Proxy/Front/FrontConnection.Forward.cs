using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.WebUtilities;
using Nimbus.Edge.Proxy.Async;
using Nimbus.Edge.Proxy.Polling;
using Nimbus.Edge.Proxy.Upstream;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy.Front;

internal sealed partial class FrontConnection
{
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
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<ForwardResult> ForwardAsync(AppRoute route, FrontRequest request, long started)
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
        var trace = _listener.Tracer.Begin(_timeline, started, request.TraceparentStart >= 0 &&
            TraceContext.TryParse(head.Slice(request.TraceparentStart, request.TraceparentLength), out var incoming) ? incoming : null);
        if (_timeline is not null)
        {
            var host = head.Slice(request.HostStart, request.HostLength);
            _timeline.Text.Set(method, head.Slice(request.TargetStart, request.TargetLength), _requestId.AsSpan(0, _requestIdLength), _client, host);
            _listener.Tracer.JoinDns(_timeline, _clientKey, host);
        }
        Span<byte> traceparent = stackalloc byte[TraceContext.Length];
        trace.Write(traceparent);
        var upstreamHead = FrontHeads.WriteRequest(_out, head, request, _requestRanges, _requestId.AsSpan(0, _requestIdLength), traceparent, _client);
        _inStart += request.Length;
        _keep = !request.Close && !_listener.Draining;
        _answered = false;
        var body = request.Chunked ? ChunkedBody : Math.Max(request.ContentLength, 0);
        _expectContinue = request.ExpectContinue && body != 0;
        _bodyRemaining = request.Chunked ? MaxLingerBytes : body;

        var attempts = new InstanceAttempts(route, idempotent, _listener.Judge, _timeline);
        ForwardResult last = default;
        while (attempts.Next() is { } destination)
        {
            destination.Begin();
            try
            {
                // A pooled connection first, a fresh one after a stale one.
                for (var attempt = 0; ; attempt++)
                {
                    var exchange = await ExchangeAsync(attempt, destination, route, upstreamHead, body, idempotent, isHead).ConfigureAwait(false);
                    last = exchange.Result;
                    if (!exchange.Stale)
                    {
                        break;
                    }
                }
            }
            finally
            {
                destination.End();
            }
            attempts.Record(destination, last);
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

    /// <summary>One exchange with one instance on a connection from its pool (the <paramref name="attempt"/>th ask for
    /// this request: after a stale pooled connection the pool opens a fresh one).</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<Exchange> ExchangeAsync(int attempt, Destination destination, AppRoute route, int upstreamHead, long body, bool idempotent,
        bool isHead)
    {
        var pool = destination.UpstreamPool(_listener.PoolSettings);
        _timeline?.Connecting();
        var acquiring = pool.AcquireAsync(attempt, body == 0 && idempotent, CancellationToken.None, _poller);
        var waited = !acquiring.IsCompleted;
        var connect = await acquiring.ConfigureAwait(false);
        if (connect.Connection is not { } connection)
        {
            return new Exchange(ForwardFailures.ConnectFailed(destination, connect.Error!), false, false);
        }
        _timeline?.Connected(connection.Reused, waited);
        Exchange exchange;
        Volatile.Write(ref _exchange, connection);
        try
        {
            exchange = await ExchangeOnAsync(connection, destination, route, upstreamHead, body, idempotent, isHead).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        finally
        {
            Volatile.Write(ref _exchange, null);
        }
        if (_clientGone && exchange.Result.Error != ForwardError.None)
        {
            // Whatever broke, it broke because the client left: not the instance's failure, nothing to retry.
            _keep = false;
            exchange = new Exchange(new ForwardResult(ForwardError.ClientGone, 499, exchange.Result.BytesIn, exchange.Result.BytesOut,
                exchange.Result.RequestBodyStarted), false, false);
        }
        pool.Release(connection, exchange.Reusable);
        return exchange;
    }

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<Exchange> ExchangeOnAsync(UpstreamConnection connection, Destination destination, AppRoute route, int upstreamHead,
        long body, bool idempotent, bool isHead)
    {
        var socket = connection.Io(_poller);
        var started = body != 0;
        Exception? upstreamError = null;
        long sent = 0;
        try
        {
            await socket.SendAsync(_out.AsMemory(0, upstreamHead)).ConfigureAwait(false);
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
        _timeline?.Sent();
        connection.SetDeadline(LoopClock.Now + (long)(route.Settings.Timeout.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref _awaiting, connection);
        // The final response head (1xx interim ones skipped) into _up — read here, not in a method of its own, so that
        // the instance's answer resumes this method directly.
        var upEnd = 0;
        ResponseHead head;
        Exchange? failed = null;
        try
        {
            var received = false;
            ResponseHeadStatus status;
            while ((status = NextResponseHead(ref upEnd, out head)) == ResponseHeadStatus.Incomplete)
            {
                int n;
                try
                {
                    n = await socket.ReceiveAsync(_up.AsMemory(upEnd)).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransportError(ex))
                {
                    failed = BeforeResponse(connection, destination, sent, started, received, (ex.InnerException ?? ex).Message, idempotent);
                    break;
                }
                if (n == 0)
                {
                    failed = BeforeResponse(connection, destination, sent, started, received, "connection closed", idempotent);
                    break;
                }
                received = true;
                upEnd += n;
            }
            if (status == ResponseHeadStatus.Invalid)
            {
                failed = Invalid(destination, sent, started, head.Error!);
            }
            else if (status == ResponseHeadStatus.Complete && head.Status == 101)
            {
                failed = Invalid(destination, sent, started, "101 Switching Protocols to a request that asked for no upgrade");
            }
        }
        finally
        {
            Volatile.Write(ref _awaiting, null);
        }
        if (connection.ClearDeadline())
        {
            return new Exchange(ForwardFailures.TimedOut(destination, route.Settings.Timeout, sent, started), false, false);
        }
        return failed ?? await ForwardResponseAsync(socket, head, upEnd, sent, started, upstreamError, isHead).ConfigureAwait(false);
    }

    /// <summary>Parses the response head in _up[..upEnd]: Complete with a final (or a 101) response, Invalid, or
    /// Incomplete when more must be read (the buffer grown when full, up to the parser's 64 KiB). A 1xx interim response
    /// (100 Continue, 103 Early Hints) is dropped from the buffer and the one after it looked for.</summary>
    private ResponseHeadStatus NextResponseHead(ref int upEnd, out ResponseHead head)
    {
        while (true)
        {
            head = default;
            var status = upEnd == 0 ? ResponseHeadStatus.Incomplete : ResponseHeadParser.Parse(_up.AsSpan(0, upEnd), _responseRanges, out head);
            if (status == ResponseHeadStatus.Complete && head.Status < 200 && head.Status != 101)
            {
                _up.AsSpan(head.Length, upEnd - head.Length).CopyTo(_up);
                upEnd -= head.Length;
                continue;
            }
            if (status == ResponseHeadStatus.Incomplete && upEnd == _up.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Min(_up.Length * 2, ResponseHeadParser.MaxHeadBytes + BufferSize));
                _up.AsSpan(0, upEnd).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_up);
                _up = larger;
            }
            return status;
        }
    }

    /// <summary>Headers arrived: from here the body may take as long as it takes (downloads, SSE).</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private async ValueTask<Exchange> ForwardResponseAsync(PolledSocket socket, ResponseHead head, int upEnd, long sent, bool started, Exception? upstreamError, bool isHead)
    {
        _timeline?.FirstByteAt(LoopClock.Now);
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

    /// <summary>One of the edge's own answers.</summary>
    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder))]
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
