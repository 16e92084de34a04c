using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nimbus.Edge.Proxy.Async;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>The hot path's forwarder: the same contract and behaviour as <see cref="HttpForwarder"/> (hop-by-hop
/// fields dropped both ways, X-Forwarded-*, request id, raw target, bodies streamed, same errors), but speaking HTTP/1.1
/// itself over pooled sockets — no HttpRequestMessage, header collections, Uri or handler pipeline per request.
/// Upgrades and cache-participating requests stay on <see cref="HttpForwarder"/>. Never throws for traffic problems.</summary>
internal sealed class Http1Forwarder(EdgeOptions options, TimeProvider time)
{
    private readonly UpstreamPoolSettings _settings = UpstreamPoolSettings.For(options, time);

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    public async ValueTask<ForwardResult> ForwardAsync(HttpContext context, Destination destination, AppRoute route, string requestId, string traceparent,
        RequestTimeline? timeline = null)
    {
        var pool = destination.UpstreamPool(_settings);
        var framing = context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true }
            ? context.Request.ContentLength is null ? RequestFraming.Chunked : RequestFraming.ContentLength
            : RequestFraming.None;
        var retryable = framing == RequestFraming.None && EdgeRequestHandler.IsIdempotent(context.Request.Method);
        for (var attempt = 0; ; attempt++)
        {
            ConnectResult connect;
            timeline?.Connecting();
            try
            {
                connect = await pool.AcquireAsync(attempt, retryable, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return new ForwardResult(ForwardError.ClientGone, 499, 0, 0, false);
            }
            if (connect.Connection is not { } connection)
            {
                return ForwardFailures.ConnectFailed(destination, connect.Error!);
            }
            timeline?.Connected(connection.Reused);
            Exchange exchange;
            try
            {
                exchange = await ExchangeAsync(context, connection, destination, route, requestId, traceparent, framing, timeline).ConfigureAwait(false);
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

    [AsyncMethodBuilder(typeof(PooledValueTaskBuilder<>))]
    private static async ValueTask<Exchange> ExchangeAsync(HttpContext context, UpstreamConnection connection, Destination destination, AppRoute route,
        string requestId, string traceparent, RequestFraming framing, RequestTimeline? timeline)
    {
        var cts = connection.Cancellation;
        var token = cts.Token;
        using var abort = context.RequestAborted.UnsafeRegister(static s => Cancel((CancellationTokenSource)s!), cts);
        RequestHeadWriter.Write(connection.Writer, context, requestId, traceparent, framing, destination.Address);
        var started = framing != RequestFraming.None;
        BodySendResult sent;
        if (started)
        {
            sent = await RequestBodySender.SendAsync(context.Request.BodyReader, connection.Writer, framing == RequestFraming.Chunked, token).ConfigureAwait(false);
            if (sent.ClientError is not null)
            {
                return new Exchange(ClientBodyFailed(context, cts, sent, destination, route), false, false);
            }
        }
        else
        {
            sent = default;
            try
            {
                await connection.Writer.FlushAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransportError(ex))
            {
                // Still read: the instance may have answered already; if not, the read fails and says how.
                sent = new BodySendResult(0, null, ex);
            }
        }

        // The wait for the response head starts once the request is sent: a slow upload is not a slow instance.
        cts.CancelAfter(route.Settings.Timeout);
        timeline?.Sent();
        var ranges = ArrayPool<HeaderRange>.Shared.Rent(ResponseHeadParser.MaxHeaders);
        ResponseHead head;
        try
        {
            var received = false;
            while (true)
            {
                ReadResult read;
                try
                {
                    read = await connection.Reader.ReadAsync(token).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransportError(ex))
                {
                    return BeforeResponse(context, connection, destination, route, sent, started, received, ex is OperationCanceledException, (ex.InnerException ?? ex).Message);
                }
                var buffer = read.Buffer;
                received |= !buffer.IsEmpty;
                var status = ResponseHeadReader.Read(buffer, ranges, context.Response, out head);
                if (status == ResponseHeadStatus.Complete)
                {
                    connection.Reader.AdvanceTo(buffer.GetPosition(head.Length));
                    if (head.Status >= 200)
                    {
                        break;
                    }
                    if (head.Status == StatusCodes.Status101SwitchingProtocols)
                    {
                        return Invalid(destination, sent, started, "101 Switching Protocols to a request that asked for no upgrade");
                    }
                    continue; // 1xx interim (100 Continue, 103 Early Hints): the final response follows.
                }
                connection.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (status == ResponseHeadStatus.Invalid)
                {
                    return Invalid(destination, sent, started, head.Error!);
                }
                if (read.IsCompleted)
                {
                    return BeforeResponse(context, connection, destination, route, sent, started, received, false, "connection closed");
                }
            }
        }
        finally
        {
            ArrayPool<HeaderRange>.Shared.Return(ranges);
        }

        // Headers arrived: from here the body may take as long as it takes (downloads, SSE).
        timeline?.FirstByte();
        cts.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
        context.Response.Headers[RequestIds.Header] = requestId;
        var bodyFraming = HttpMethods.IsHead(context.Request.Method) || head.Status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified
            ? ResponseFraming.None
            : head.HasTransferEncoding ? (head.Chunked ? ResponseFraming.Chunked : ResponseFraming.UntilClose)
            : head.ContentLength >= 0 ? ResponseFraming.ContentLength : ResponseFraming.UntilClose;
        // Both Transfer-Encoding and Content-Length smell of smuggling (RFC 9112 6.1): answer, then close.
        // A 204 that declares a body (RFC 9110 forbids it) may send one anyway: its bytes would be read as the next
        // response's head, so such a connection is not reused (SocketsHttpHandler drops it for its unread bytes).
        var keepAlive = !head.ConnectionClose && (!head.Http10 || head.KeepAlive) && !(head.HasTransferEncoding && head.ContentLength >= 0) &&
            !(head.Status == StatusCodes.Status204NoContent && (head.ContentLength > 0 || head.HasTransferEncoding)) && sent.UpstreamError is null;
        var copied = await ResponseBodyCopier.CopyAsync(context, connection.Reader, bodyFraming, head.ContentLength, token).ConfigureAwait(false);
        var result = new ForwardResult(copied.Error, head.Status, sent.Bytes, copied.Bytes, started, copied.Detail);
        return new Exchange(result, keepAlive && copied.Reusable && copied.Error == ForwardError.None, false);
    }

    private static Exchange BeforeResponse(HttpContext context, UpstreamConnection connection, Destination destination, AppRoute route,
        BodySendResult sent, bool started, bool received, bool cancelled, string reason)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return new Exchange(new ForwardResult(ForwardError.ClientGone, 499, sent.Bytes, 0, started), false, false);
        }
        if (cancelled)
        {
            return new Exchange(ForwardFailures.TimedOut(destination, route.Settings.Timeout, sent.Bytes, started), false, false);
        }
        if (received)
        {
            return Invalid(destination, sent, started, "the connection closed in the middle of the response head");
        }
        var result = ForwardFailures.Reset(destination, reason, sent.Bytes, started);
        // A pooled connection the instance closed while idle: nothing reached it that it acted on.
        // Going again is safe only if the instance cannot have acted on it: no body was sent and the method is idempotent
        // (RFC 9110 9.2.2) — a POST the instance ran before its connection broke must not run twice.
        return new Exchange(result, false, Stale: connection.Reused && !started && EdgeRequestHandler.IsIdempotent(context.Request.Method));
    }

    private static Exchange Invalid(Destination destination, BodySendResult sent, bool started, string reason) =>
        new(ForwardFailures.Invalid(destination, reason, sent.Bytes, started), false, false);

    private static ForwardResult ClientBodyFailed(HttpContext context, CancellationTokenSource cts, BodySendResult sent, Destination destination, AppRoute route)
    {
        if (context.RequestAborted.IsCancellationRequested)
        {
            return new ForwardResult(ForwardError.ClientGone, 499, sent.Bytes, 0, true);
        }
        if (cts.IsCancellationRequested)
        {
            return ForwardFailures.TimedOut(destination, route.Settings.Timeout, sent.Bytes, true);
        }
        return new ForwardResult(ForwardError.RequestBodyFailed, StatusCodes.Status400BadRequest, sent.Bytes, 0, true,
            "reading the request body failed: " + sent.ClientError!.Message);
    }

    private static bool IsTransportError(Exception ex) => ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException;

    private static void Cancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The exchange is over and its connection closed: nothing left to cancel.
        }
    }
}
