using System.Net;
using Microsoft.AspNetCore.Http;
using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tests.Proxy;

public class EdgeRequestHandlerTests : IAsyncLifetime
{
    private readonly ProxyHarness _harness;

    public EdgeRequestHandlerTests()
        : this(front: false)
    {
    }

    protected EdgeRequestHandlerTests(bool front)
    {
        _harness = new(front);
    }

    public Task InitializeAsync() => _harness.StartAsync();

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    private static Task Answer(HttpContext context, string text) => context.Response.WriteAsync(text);

    [Fact]
    public async Task Get_InstanceRefusesConnections_IsRetriedOnAnother_AndTheDeadOneEjected()
    {
        var live = await _harness.AddBackendAsync(c => Answer(c, "live"));
        var dead = new Destination("dead", ProxyHarness.DeadAddress());
        _harness.Route(new EdgeSettings { Balance = BalancePolicies.RoundRobin }, dead, new Destination("live", live));

        for (var i = 0; i < 6; i++)
        {
            using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("live", await response.Content.ReadAsStringAsync());
        }
        Assert.True(dead.Health.IsEjected(System.Diagnostics.Stopwatch.GetTimestamp()));
        Assert.Equal(1, _harness.Traffic.For("app").Snapshot().Retries);
    }

    [Fact]
    public async Task Get_OnlyInstanceRefusesConnections_Is502SayingConnect()
    {
        _harness.Route(new EdgeSettings(), new Destination("dead-1", ProxyHarness.DeadAddress()));

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("connect", Assert.Single(response.Headers.GetValues("X-Nimbus-Error")));
        Assert.Contains("could not connect to instance dead-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_InstanceSlowerThanTheTimeout_Is504SayingTimeout()
    {
        var release = new TaskCompletionSource();
        var slow = await _harness.AddBackendAsync(async c =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await Answer(c, "late");
        });
        _harness.Route(new EdgeSettings { Timeout = TimeSpan.FromMilliseconds(300) }, new Destination("slow-1", slow));

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/"));
        release.SetResult();

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("timeout", Assert.Single(response.Headers.GetValues("X-Nimbus-Error")));
        Assert.Contains("slow-1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_ConnectionResetBeforeAnswer_IsNotRetried()
    {
        var calls = 0;
        RequestDelegate reset = c =>
        {
            Interlocked.Increment(ref calls);
            c.Abort();
            return Task.CompletedTask;
        };
        var a = await _harness.AddBackendAsync(reset);
        var b = await _harness.AddBackendAsync(reset);
        _harness.Route(new EdgeSettings(), new Destination("a", a), new Destination("b", b));

        using var request = _harness.Request(HttpMethod.Post, "/");
        request.Content = new StringContent("order #1");
        using var response = await _harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Get_ConnectionResetBeforeAnswer_IsRetriedOnce()
    {
        var calls = 0;
        RequestDelegate reset = c =>
        {
            Interlocked.Increment(ref calls);
            c.Abort();
            return Task.CompletedTask;
        };
        var a = await _harness.AddBackendAsync(reset);
        var b = await _harness.AddBackendAsync(reset);
        var c = await _harness.AddBackendAsync(reset);
        _harness.Route(new EdgeSettings(), new Destination("a", a), new Destination("b", b), new Destination("c", c));

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("reset", Assert.Single(response.Headers.GetValues("X-Nimbus-Error")));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Get_NoDestinations_Is503WithRetryAfter()
    {
        _harness.Route(new EdgeSettings());

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Get_HttpsRedirectOn_PlainHttpIs308ToHttps()
    {
        var live = await _harness.AddBackendAsync(c => Answer(c, "live"));
        _harness.Route(new EdgeSettings { HttpsRedirect = true }, new Destination("live", live));

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/a?b=c"));

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal(new Uri($"https://app.localhost:{_harness.HttpsPort}/a?b=c"), response.Headers.Location);
    }

    [Fact]
    public async Task Get_HttpsRedirectOff_IsForwarded()
    {
        var live = await _harness.AddBackendAsync(c => Answer(c, "live"));
        _harness.Route(new EdgeSettings(), new Destination("live", live));

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_ResponseHeaders_PassThrough_HopByHopDropped()
    {
        var live = await _harness.AddBackendAsync(c =>
        {
            c.Response.Headers["X-App"] = "kept";
            c.Response.Headers["Keep-Alive"] = "timeout=99";
            c.Response.Headers.Append("Set-Cookie", "a=1");
            c.Response.Headers.Append("Set-Cookie", "b=2");
            return Answer(c, "ok");
        });
        _harness.Route(new EdgeSettings(), new Destination("live", live));

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/"));

        Assert.Equal("kept", Assert.Single(response.Headers.GetValues("X-App")));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Get_PathAndQuery_ArriveExactlyAsSent()
    {
        var live = await _harness.AddBackendAsync(c => Answer(c, c.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget));
        _harness.Route(new EdgeSettings(), new Destination("live", live));

        using var response = await _harness.Client.SendAsync(_harness.Request(HttpMethod.Get, "/a%2Fb/c%20d?x=1&y=%26"));

        Assert.Equal("/a%2Fb/c%20d?x=1&y=%26", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_NonAsciiResponseHeader_PassesThroughByteForByte()
    {
        var live = await _harness.AddBackendAsync(c =>
        {
            c.Response.Headers.ContentDisposition = "attachment; filename=\"héllo.txt\"";
            return Answer(c, "file");
        });
        _harness.Route(new EdgeSettings(), new Destination("live", live));
        using var client = new HttpClient(new SocketsHttpHandler { ResponseHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 });

        using var request = _harness.Request(HttpMethod.Get, "/");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment; filename=\"héllo.txt\"", response.Content.Headers.GetValues("Content-Disposition").Single());
    }

    [Fact]
    public async Task Post_SlowUploadLongerThanTheTimeout_IsNotATimeout()
    {
        var live = await _harness.AddBackendAsync(async c =>
        {
            using var reader = new StreamReader(c.Request.Body);
            await Answer(c, $"got {(await reader.ReadToEndAsync()).Length}");
        });
        _harness.Route(new EdgeSettings { Timeout = TimeSpan.FromMilliseconds(400) }, new Destination("live", live));

        using var request = _harness.Request(HttpMethod.Post, "/");
        request.Content = new StreamContent(new TrickleStream(chunks: 6, pause: TimeSpan.FromMilliseconds(150)));
        using var response = await _harness.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("got 6", await response.Content.ReadAsStringAsync());
    }

    /// <summary>An upload that arrives slowly: one byte per chunk, a pause before each (the scenario, not synchronisation).</summary>
    private sealed class TrickleStream(int chunks, TimeSpan pause) : Stream
    {
        private int _left = chunks;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_left == 0)
            {
                return 0;
            }
            await Task.Delay(pause, cancellationToken);
            _left--;
            buffer.Span[0] = (byte)'x';
            return 1;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
