using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Nimbus.Edge.Cache;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy;

/// <summary>Sends one client request to one instance and streams the answer back: pooled keep-alive connections
/// (one <see cref="HttpMessageInvoker"/> for the edge), bodies streamed both ways, hop-by-hop headers dropped,
/// X-Forwarded-* and the request id added, upgrades (WebSocket) spliced. Never throws for traffic problems.</summary>
internal sealed class HttpForwarder(HttpMessageInvoker invoker)
{
    private static readonly Version Http11 = HttpVersion.Version11;

    public async ValueTask<ForwardResult> ForwardAsync(HttpContext context, Destination destination, AppRoute route, string requestId, string traceparent,
        CacheParticipation? cache = null, RequestTimeline? timeline = null)
    {
        var request = context.Request;
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var extendedConnect = context.Features.Get<IHttpExtendedConnectFeature>();
        // A WebSocket arrives as an HTTP/1.1 Upgrade, or over HTTP/2 as an extended CONNECT (RFC 8441) — what browsers
        // do on an h2 connection. Instances speak HTTP/1.1, so both become an HTTP/1.1 Upgrade to the instance.
        var isH2WebSocket = extendedConnect is { IsExtendedConnect: true } && string.Equals(extendedConnect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);
        var isUpgrade = upgrade is { IsUpgradableRequest: true } || isH2WebSocket;
        var hasBody = !isUpgrade && context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: true };
        var body = hasBody ? new RequestBodyContent(request.Body, request.ContentLength) : null;
        using var message = new HttpRequestMessage(isH2WebSocket ? HttpMethod.Get : HttpMethod.Parse(request.Method), Target(context, destination))
        {
            Version = Http11,
            VersionPolicy = isUpgrade ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
            Content = body,
        };
        CopyRequestHeaders(context, message, requestId, traceparent, isUpgrade ? (isH2WebSocket ? "websocket" : request.Headers.Upgrade.ToString()) : null);
        if (isH2WebSocket)
        {
            message.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
        }
        cache?.Lookup.AddValidators(message);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // The wait for response headers starts once the request is sent: a slow upload is not a slow instance.
        if (body is null)
        {
            timeout.CancelAfter(route.Settings.Timeout);
        }
        else
        {
            body.Sent = () => timeout.CancelAfter(route.Settings.Timeout);
        }
        HttpResponseMessage response;
        // The handler connects (or reuses a connection) inside SendAsync: its wait for the head includes any connect.
        timeline?.Sent();
        try
        {
            response = await invoker.SendAsync(message, timeout.Token).ConfigureAwait(false);
            timeline?.FirstByte();
        }
        catch (Exception ex)
        {
            return Failure(ex, context, body, route, destination, timeout.IsCancellationRequested);
        }
        using (response)
        {
            // Headers arrived: from here the body may take as long as it takes (downloads, SSE, WebSocket).
            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            var status = (int)response.StatusCode;
            var bytesIn = body?.Bytes ?? 0;
            if (status == StatusCodes.Status101SwitchingProtocols && isUpgrade)
            {
                Func<Task<Stream>> accept = isH2WebSocket ? () => extendedConnect!.AcceptAsync().AsTask() : upgrade!.UpgradeAsync;
                return await UpgradeForwarder.SpliceAsync(context, accept, isH2WebSocket, response, bytesIn, context.RequestAborted).ConfigureAwait(false);
            }
            if (cache is { Lookup.Kind: CacheLookupKind.Revalidate } && response.StatusCode == HttpStatusCode.NotModified)
            {
                return await ServeRevalidatedAsync(context, cache, response, requestId).ConfigureAwait(false) with { BytesIn = bytesIn };
            }
            var outgoing = context.Response;
            outgoing.StatusCode = status;
            CopyResponseHeaders(response, outgoing);
            outgoing.Headers[RequestIds.Header] = requestId;
            if (cache is null)
            {
                return await ResponseCopier.CopyAsync(context, response, body, context.RequestAborted).ConfigureAwait(false);
            }
            CacheHeaders.MarkMiss(outgoing);
            if (cache.Lookup.Kind == CacheLookupKind.Bypass)
            {
                cache.Cache.Invalidate(cache.App, context.Request, response);
                return await ResponseCopier.CopyAsync(context, response, body, context.RequestAborted).ConfigureAwait(false);
            }
            using var writer = cache.Cache.BeginStore(cache.App, context.Request, response, cache.Lookup.RequestTime);
            var result = await ResponseCopier.CopyAsync(context, response, body, context.RequestAborted, writer).ConfigureAwait(false);
            if (result.Error == ForwardError.None)
            {
                writer?.Commit();
            }
            return result;
        }
    }

    /// <summary>The instance said the stored response is still good (304 to our validators): refresh it and serve it.</summary>
    private static async ValueTask<ForwardResult> ServeRevalidatedAsync(HttpContext context, CacheParticipation cache, HttpResponseMessage response, string requestId)
    {
        if (cache.Cache.Refresh(cache.Lookup.Entry!, response, cache.Lookup.RequestTime) is not { } refreshed)
        {
            return new ForwardResult(ForwardError.RevalidationMismatch, 0, 0, 0, false);
        }
        context.Response.Headers[RequestIds.Header] = requestId;
        await cache.Cache.WriteAsync(refreshed, context, hit: true).ConfigureAwait(false);
        return new ForwardResult(ForwardError.None, context.Response.StatusCode, 0, refreshed.ContentLength, false);
    }

    private static ForwardResult Failure(Exception ex, HttpContext context, RequestBodyContent? body, AppRoute route, Destination destination, bool timedOut)
    {
        var started = body?.Started ?? false;
        var bytesIn = body?.Bytes ?? 0;
        if (context.RequestAborted.IsCancellationRequested)
        {
            return new ForwardResult(ForwardError.ClientGone, 499, bytesIn, 0, started);
        }
        if (body?.ClientError is not null)
        {
            return new ForwardResult(ForwardError.RequestBodyFailed, StatusCodes.Status400BadRequest, bytesIn, 0, started, "reading the request body failed: " + body.ClientError.Message);
        }
        if (ex is OperationCanceledException && (!timedOut || ex.InnerException is TimeoutException))
        {
            // Not our deadline: the handler's connect timeout (a host that drops SYNs). Nothing was sent.
            return ForwardFailures.ConnectFailed(destination, "connect timed out", bytesIn, started);
        }
        if (ex is OperationCanceledException)
        {
            return ForwardFailures.TimedOut(destination, route.Settings.Timeout, bytesIn, started);
        }
        if (ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } hre)
        {
            var reason = (hre.InnerException as SocketException)?.SocketErrorCode.ToString() ?? hre.InnerException?.Message ?? hre.Message;
            return ForwardFailures.ConnectFailed(destination, reason, bytesIn, started);
        }
        return ForwardFailures.Reset(destination, (ex.InnerException ?? ex).Message, bytesIn, started);
    }

    /// <summary>The instance's URI with the client's path and query exactly as sent (not re-encoded).</summary>
    private static Uri Target(HttpContext context, Destination destination)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var pathAndQuery = raw is { Length: > 0 } && raw[0] == '/' ? raw : context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        return new Uri(destination.BaseUri + pathAndQuery, UriKind.Absolute);
    }

    /// <summary><paramref name="upgradeTo"/>: the protocol an upgrade asks for (null when it is not one).</summary>
    private static void CopyRequestHeaders(HttpContext context, HttpRequestMessage message, string requestId, string traceparent, string? upgradeTo)
    {
        var request = context.Request;
        var headers = request.Headers;
        var connection = headers.Connection;
        foreach (var header in headers)
        {
            var name = header.Key;
            if (HopByHopHeaders.NotForwarded(name, connection))
            {
                continue;
            }
            Add(message, name, header.Value);
        }
        var target = message.Headers;
        target.Host = request.Host.Value;
        if (upgradeTo is not null)
        {
            target.TryAddWithoutValidation("Connection", "Upgrade");
            target.TryAddWithoutValidation("Upgrade", upgradeTo);
        }
        var client = context.Connection.RemoteIpAddress;
        var forwardedFor = headers["X-Forwarded-For"];
        var clientText = client is null ? "unknown" : client.IsIPv4MappedToIPv6 ? client.MapToIPv4().ToString() : client.ToString();
        target.TryAddWithoutValidation("X-Forwarded-For", forwardedFor.Count == 0 ? clientText : $"{forwardedFor}, {clientText}");
        target.TryAddWithoutValidation("X-Forwarded-Proto", request.IsHttps ? "https" : "http");
        target.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        target.TryAddWithoutValidation(RequestIds.Header, requestId);
        target.TryAddWithoutValidation(TraceContext.Header, traceparent);
    }

    private static void Add(HttpRequestMessage message, string name, StringValues value)
    {
        var added = value.Count == 1
            ? message.Headers.TryAddWithoutValidation(name, value.ToString())
            : message.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value);
        if (!added && message.Content is { } content)
        {
            // Content-* headers belong to the content object.
            if (value.Count == 1)
            {
                content.Headers.TryAddWithoutValidation(name, value.ToString());
            }
            else
            {
                content.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)value);
            }
        }
    }

    private static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse outgoing)
    {
        var connection = response.Headers.NonValidated.TryGetValues("Connection", out var c) ? ToStringValues(c) : StringValues.Empty;
        Copy(response.Headers.NonValidated, outgoing, connection);
        Copy(response.Content.Headers.NonValidated, outgoing, connection);
    }

    private static void Copy(HttpHeadersNonValidated headers, HttpResponse outgoing, StringValues connection)
    {
        foreach (var header in headers)
        {
            if (HopByHopHeaders.Contains(header.Key, connection))
            {
                continue;
            }
            outgoing.Headers[header.Key] = ToStringValues(header.Value);
        }
    }

    private static StringValues ToStringValues(HeaderStringValues values)
    {
        if (values.Count == 1)
        {
            return values.ToString();
        }
        var array = new string[values.Count];
        var i = 0;
        foreach (var v in values)
        {
            array[i++] = v;
        }
        return array;
    }
}
