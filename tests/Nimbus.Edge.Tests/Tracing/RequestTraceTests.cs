using System.Net;
using Microsoft.AspNetCore.Http;
using Nimbus.Api.Contracts;
using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tests.Proxy;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Tests.Tracing;

/// <summary>What the edge records of a request, through the Kestrel path (here) and the front (the subclass).</summary>
public class RequestTraceTests : IAsyncLifetime
{
    private const string ClientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ClientSpan = "00f067aa0ba902b7";
    private readonly ProxyHarness _harness;

    public RequestTraceTests()
        : this(front: false)
    {
    }

    protected RequestTraceTests(bool front)
    {
        _harness = new(front);
    }

    public Task InitializeAsync() => _harness.StartAsync();

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    private static Task EchoTraceparent(HttpContext context) => context.Response.WriteAsync(context.Request.Headers["traceparent"].ToString());

    private async Task<(string Traceparent, List<TraceSpan> Spans)> GetAsync(string path, string? traceparent = null)
    {
        using var request = _harness.Request(HttpMethod.Get, path);
        if (traceparent is not null)
        {
            request.Headers.Add("traceparent", traceparent);
        }
        using var response = await _harness.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        // The record is written when the handler returns, which may be just after the client has the response.
        var view = await PollAsync(() => TraceQueries.Find(_harness.Tracer, requestId) is { Spans.Count: > 0 } found ? found : null);
        return (body, view.Spans);
    }

    private static async Task<T> PollAsync<T>(Func<T?> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (probe() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "the request's trace record did not appear");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ClientTrace_IsContinued_AndEveryStepIsASpanUnderTheEdgesSpan()
    {
        var backend = await _harness.AddBackendAsync(EchoTraceparent);
        _harness.Route(new EdgeSettings(), new Destination("app-1", backend));

        var (seen, spans) = await GetAsync("/first?x=1", $"00-{ClientTrace}-{ClientSpan}-01");

        var root = Assert.Single(spans, s => s.ParentSpanId == ClientSpan);
        Assert.Equal($"00-{ClientTrace}-{root.SpanId}-01", seen);
        Assert.Equal("GET app", root.Name);
        Assert.Equal("server", root.Kind);
        Assert.Equal("/first?x=1", root.Attributes["url.path"]);
        Assert.Equal("200", root.Attributes["http.response.status_code"]);
        Assert.Equal("127.0.0.1", root.Attributes["client.address"]);
        Assert.All(spans, s => Assert.Equal(ClientTrace, s.TraceId));
        Assert.All(spans, s => Assert.InRange(s.StartUnixNano, root.StartUnixNano, s.EndUnixNano));
        Assert.All(spans, s => Assert.InRange(s.EndUnixNano, s.StartUnixNano, root.EndUnixNano));
        var pick = Assert.Single(spans, s => s.Name == "load balancer pick");
        Assert.Equal(root.SpanId, pick.ParentSpanId);
        Assert.Equal("app-1", pick.Attributes["nimbus.instance"]);
        Assert.Equal("p2c: 0 in flight, the only candidate", pick.Attributes["nimbus.lb.reason"]);
        var upstream = Assert.Single(spans, s => s.Name == "upstream app-1");
        Assert.Equal(("client", "ok", backend), (upstream.Kind, upstream.Status, upstream.Attributes["server.address"]));
        Assert.Single(spans, s => s.Name == "time to first byte" && s.ParentSpanId == upstream.SpanId);
        Assert.Single(spans, s => s.Name == "response" && s.ParentSpanId == upstream.SpanId);
        Assert.Equal(spans.Count, spans.Select(s => s.SpanId).Distinct().Count());

        // A second request on the kept-alive connection: no connect; a request without traceparent starts a trace.
        var (second, again) = await GetAsync("/second");
        Assert.DoesNotContain(again, s => s.Name == "connect");
        var newRoot = Assert.Single(again, s => s.ParentSpanId == "");
        Assert.Equal($"00-{newRoot.TraceId}-{newRoot.SpanId}-01", second);
        Assert.NotEqual(ClientTrace, newRoot.TraceId);
    }

    [Fact]
    public async Task RetriedRequest_ShowsBothTries_TheFailedConnectAndWhyTheSecondWasPicked()
    {
        var live = await _harness.AddBackendAsync(EchoTraceparent);
        _harness.Route(new EdgeSettings { Balance = BalancePolicies.RoundRobin }, new Destination("dead", Proxy.ProxyHarness.DeadAddress()), new Destination("live", live));

        List<TraceSpan>? retried = null;
        for (var i = 0; i < 4 && retried is null; i++)
        {
            var (_, spans) = await GetAsync("/");
            if (spans.Count(s => s.Name.StartsWith("upstream ", StringComparison.Ordinal)) == 2)
            {
                retried = spans;
            }
        }
        Assert.NotNull(retried);
        var failed = Assert.Single(retried, s => s.Name == "upstream dead");
        Assert.Equal(("error", "connect", "1"), (failed.Status, failed.Attributes["error.type"], failed.Attributes["nimbus.try"]));
        var served = Assert.Single(retried, s => s.Name == "upstream live");
        Assert.Equal(("ok", "2"), (served.Status, served.Attributes["nimbus.try"]));
        var picks = retried.Where(s => s.Name == "load balancer pick").ToList();
        Assert.Equal(2, picks.Count);
        Assert.EndsWith("retry on another instance", picks.Single(p => p.Attributes["nimbus.instance"] == "live").Attributes["nimbus.lb.reason"]);
    }

    [Fact]
    public async Task CachedApp_TheLookupIsASpan_AndAHitNeedsNoInstance()
    {
        var backend = await _harness.AddBackendAsync(c =>
        {
            c.Response.Headers.CacheControl = "max-age=60";
            return c.Response.WriteAsync("cacheable");
        });
        _harness.Route(new EdgeSettings { Cache = true }, new Destination("app-1", backend));

        var (_, miss) = await GetAsync("/page");
        Assert.Equal("miss", Assert.Single(miss, s => s.Name == "cache lookup").Attributes["nimbus.cache.result"]);
        Assert.Single(miss, s => s.Name == "upstream app-1");

        var (_, hit) = await GetAsync("/page");
        Assert.Equal("hit", Assert.Single(hit, s => s.Name == "cache lookup").Attributes["nimbus.cache.result"]);
        Assert.DoesNotContain(hit, s => s.Name.StartsWith("upstream ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Recent_ListsNewestFirst_WithRequestIdStatusAndInstance()
    {
        var backend = await _harness.AddBackendAsync(EchoTraceparent);
        _harness.Route(new EdgeSettings(), new Destination("app-1", backend));
        await GetAsync("/a");
        await GetAsync("/b");

        var recent = TraceQueries.Recent(_harness.Tracer, "app", 10);
        Assert.Equal(["/b", "/a"], recent.Traces.Select(t => t.Target));
        Assert.All(recent.Traces, t => Assert.Equal(("GET", 200, "app-1", "edge-test"), (t.Method, t.Status, t.Instance, t.Edge)));
        Assert.Empty(TraceQueries.Recent(_harness.Tracer, "other", 10).Traces);
    }
}

public sealed class FrontRequestTraceTests() : RequestTraceTests(front: true);
