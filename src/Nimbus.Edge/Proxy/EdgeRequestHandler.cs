using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Nimbus.Edge.Cache;
using Nimbus.Edge.Proxy.Upstream;
using Nimbus.Edge.RateLimiting;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy;

/// <summary>Every request through the edge: find the app by host, apply its edge settings (redirect, rate limit, cache),
/// pick a ready instance, forward, and retry once elsewhere when the rules allow. Counts everything per app.</summary>
internal sealed partial class EdgeRequestHandler(
    RouteTableHolder routes,
    HttpForwarder forwarder,
    Http1Forwarder http1,
    EdgeIdentity identity,
    HttpResponseCache cache,
    ClientRateLimiter limiter,
    PassiveHealthJudge judge,
    ColdStarts coldStarts,
    EdgeTracer tracer,
    ILogger<EdgeRequestHandler> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var table = routes.Current;
        var route = table.Find(HostHeader.HostOf(context.Request.Headers.Host.ToString()));
        if (route is null)
        {
            // Until the first table arrives every host would look unknown: say "not yet", not "no such app".
            await (routes.IsSynced ? EdgeResponses.UnknownHostAsync(context, table.Domain) : EdgeResponses.StartingAsync(context)).ConfigureAwait(false);
            return;
        }
        if (route.WaitsForColdStart)
        {
            // Held before it is timed: the wait for a first instance is not the app's latency (a p95 target or alert
            // would read every cold start as a slow app).
            if (await coldStarts.WaitAsync(route, context.RequestAborted).ConfigureAwait(false) is not { } woken)
            {
                var failed = await EdgeResponses.ColdStartFailedAsync(context, route, coldStarts.Timeout).ConfigureAwait(false);
                route.Traffic.Begin();
                route.Traffic.End(failed.Status, 0, 0, 0);
                return;
            }
            route = woken;
        }
        var traffic = route.Traffic;
        var started = Stopwatch.GetTimestamp();
        traffic.Begin();
        var request = context.Request;
        var requestId = request.Headers[RequestIds.Header] is { Count: 1 } given && RequestIds.IsAcceptable(given.ToString()) ? given.ToString() : RequestIds.Next();
        var timeline = tracer.RentTimeline();
        var traceparent = tracer.Begin(timeline, started, IncomingTrace(request.Headers[TraceContext.Header])).ToString();
        if (timeline is not null)
        {
            tracer.JoinDns(timeline, DnsLookups.ClientKey(context.Connection.RemoteIpAddress), request.Host.Value);
        }
        var result = default(ForwardResult);
        try
        {
            result = await HandleAsync(context, route, requestId, traceparent, timeline).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A bug, or something the forwarder did not foresee: answer for it rather than let Kestrel send a bare 500.
            LogUnexpected(route.App, ex);
            result = new ForwardResult(ForwardError.None, StatusCodes.Status502BadGateway, 0, 0, false);
            if (context.Response.HasStarted)
            {
                context.Abort();
            }
            else
            {
                context.Response.Clear();
                await EdgeResponses.WriteAsync(context, StatusCodes.Status502BadGateway, $"the edge could not pass on the answer of app '{route.App}': {ex.Message}\n").ConfigureAwait(false);
            }
        }
        finally
        {
            var status = result.Status != 0 ? result.Status : context.Response.StatusCode;
            traffic.End(status, Stopwatch.GetTimestamp() - started, result.BytesIn, result.BytesOut);
            if (timeline is not null)
            {
                EndTrace(context, timeline, route, requestId, status, result);
            }
        }
    }

    private async ValueTask<ForwardResult> HandleAsync(HttpContext context, AppRoute route, string requestId, string traceparent, RequestTimeline? timeline)
    {
        var request = context.Request;
        if (route.Settings.HttpsRedirect && !request.IsHttps && identity.HttpsPort > 0)
        {
            return await EdgeResponses.RedirectToHttpsAsync(context, identity.HttpsPort).ConfigureAwait(false);
        }
        if (route.Settings.RateLimit is { } limit && context.Connection.RemoteIpAddress is { } client &&
            limiter.TryAcquire(route.App, limit, client) is { Allowed: false } denied)
        {
            route.Traffic.RateLimited();
            return await EdgeResponses.RateLimitedAsync(context, route, denied.RetryAfterSeconds).ConfigureAwait(false);
        }
        CacheParticipation? cached = null;
        if (route.Settings.Cache)
        {
            var lookupStart = Stopwatch.GetTimestamp();
            var lookup = cache.Lookup(route.App, request);
            timeline?.CacheLooked(lookupStart, lookup.Kind);
            switch (lookup.Kind)
            {
                case CacheLookupKind.Hit:
                    route.Traffic.CacheHit();
                    context.Response.Headers[RequestIds.Header] = requestId;
                    await cache.WriteAsync(lookup.Entry!, context, hit: true).ConfigureAwait(false);
                    return new ForwardResult(ForwardError.None, context.Response.StatusCode, 0, lookup.Entry!.ContentLength, false);
                case CacheLookupKind.GatewayTimeout:
                    HttpResponseCache.WriteGatewayTimeout(context);
                    return new ForwardResult(ForwardError.None, context.Response.StatusCode, 0, 0, false);
                case CacheLookupKind.Miss or CacheLookupKind.Revalidate:
                    route.Traffic.CacheMiss();
                    break;
            }
            cached = new CacheParticipation(cache, route.App, lookup);
        }
        var idempotent = IsIdempotent(request.Method);
        // Upgrades (WebSocket) and the cache's revalidation work on HttpRequestMessage/HttpResponseMessage.
        var upgrade = context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } ||
            context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true };
        var attempts = new InstanceAttempts(route, idempotent, judge, timeline);
        ForwardResult last = default;
        while (attempts.Next() is { } destination)
        {
            destination.Begin();
            try
            {
                last = cached is null && !upgrade
                    ? await http1.ForwardAsync(context, destination, route, requestId, traceparent, timeline).ConfigureAwait(false)
                    : await forwarder.ForwardAsync(context, destination, route, requestId, traceparent, cached, timeline).ConfigureAwait(false);
            }
            finally
            {
                destination.End();
            }
            if (last.Error == ForwardError.RevalidationMismatch && cached is not null)
            {
                // The entry is gone; ask again as a plain miss (once: without the cache this cannot recur).
                timeline?.Ended(last);
                cached = null;
                attempts.Repeat();
                continue;
            }
            attempts.Record(destination, last);
        }
        if (last.Status == 0)
        {
            return await EdgeResponses.NoInstanceAsync(context, route).ConfigureAwait(false);
        }
        if (last.Error is not (ForwardError.None or ForwardError.ClientGone or ForwardError.ResponseBodyFailed) && !context.Response.HasStarted)
        {
            LogForwardFailed(route.App, last.Error, last.Detail ?? "");
            await EdgeResponses.ForwardFailedAsync(context, last, requestId).ConfigureAwait(false);
        }
        return last;
    }

    private void EndTrace(HttpContext context, RequestTimeline timeline, AppRoute route, string requestId, int status, in ForwardResult result)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.ToString();
        Span<char> client = stackalloc char[64];
        timeline.Text.Set(request.Method, target, requestId, client[..ClientText(context.Connection.RemoteIpAddress, client)], request.Host.Value);
        tracer.End(timeline, route, status, result.BytesIn, result.BytesOut, Stopwatch.GetTimestamp());
        tracer.Return(timeline);
    }

    /// <summary>The client's address as text (IPv4-mapped IPv6 as IPv4), without allocating.</summary>
    private static int ClientText(System.Net.IPAddress? address, Span<char> output)
    {
        if (address is null)
        {
            return 0;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            return new System.Net.IPAddress(bytes[12..]).TryFormat(output, out var mapped) ? mapped : 0;
        }
        return address.TryFormat(output, out var written) ? written : 0;
    }

    /// <summary>The client's trace context: null (a new trace) for none, several, or one that is not valid.</summary>
    private static TraceContext? IncomingTrace(Microsoft.Extensions.Primitives.StringValues given) =>
        given.Count == 1 && TraceContext.TryParse(given.ToString(), out var incoming) ? incoming : null;

    /// <summary>RFC 9110 9.2.2: repeating these has the same effect as sending them once.</summary>
    internal static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method) ||
        HttpMethods.IsPut(method) || HttpMethods.IsDelete(method);
}
