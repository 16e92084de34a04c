using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tests.Proxy.Upstream;

/// <summary>How the HTTP/1.1 path fails: bad or missing answers from the instance, timeouts, refused connections.</summary>
public class Http1ForwarderFailureTests : Http1ForwarderTestBase
{
    public Http1ForwarderFailureTests()
        : base(front: false)
    {
    }

    protected Http1ForwarderFailureTests(bool front)
        : base(front)
    {
    }

    [Theory]
    [InlineData("garbage\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Len")]
    public async Task InvalidResponseHead_Is502(string answer)
    {
        Raw(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, answer, ct);
        });

        var (status, body, response) = await GetAsync();

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("reset", Assert.Single(response.Headers.GetValues("X-Nimbus-Error")));
        Assert.Contains("invalid response from instance raw-1", body);
    }

    [Fact]
    public async Task ResponseHeadOver64KiB_Is502()
    {
        Raw(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', 70_000) + "\r\n\r\n", ct);
        });

        var (status, body, _) = await GetAsync();

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("64 KiB", body);
    }

    [Fact]
    public async Task BackendClosesWithoutAnswering_Is502Reset()
    {
        var raw = Raw(async (s, _, ct) => await RawBackend.ReadHeadAsync(s, ct));

        var (status, body, response) = await GetAsync();

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("reset", Assert.Single(response.Headers.GetValues("X-Nimbus-Error")));
        Assert.Contains("closed the connection before answering", body);
        Assert.Equal(1, raw.Connections); // a fresh connection is not stale: no transparent retry
    }

    [Fact]
    public async Task PostOnAReusedConnection_BackendClosesWithoutAnswering_IsNotSentAgain()
    {
        // The instance may have acted on the POST before its connection broke: RFC 9110 9.2.2 forbids sending it twice.
        var heads = 0;
        var raw = Raw(async (s, n, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            Interlocked.Increment(ref heads);
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ct);
            await RawBackend.ReadHeadAsync(s, ct);
            Interlocked.Increment(ref heads);
        });
        Assert.Equal("ok", (await GetAsync()).Body);

        var (status, _, response) = await GetAsync("/", HttpMethod.Post);

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("reset", Assert.Single(response.Headers.GetValues("X-Nimbus-Error")));
        Assert.Equal(1, raw.Connections);
        Assert.Equal(2, Volatile.Read(ref heads));
    }

    [Fact]
    public async Task BodyBreaksOff_CutsTheClientConnection()
    {
        Raw(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part", ct);
        });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => GetAsync());
    }

    [Fact]
    public async Task SlowBackend_Is504_AndConnectRefused_Is502Connect()
    {
        Raw(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await Task.Delay(Timeout.Infinite, ct);
        }, new EdgeSettings { Timeout = TimeSpan.FromMilliseconds(300) });

        var slow = await GetAsync();
        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.Status);
        Assert.Contains("raw-1", slow.Body);

        Harness.Route(new EdgeSettings(), new Destination("dead-1", ProxyHarness.DeadAddress()));
        var dead = await GetAsync();
        Assert.Equal(HttpStatusCode.BadGateway, dead.Status);
        Assert.Equal("connect", Assert.Single(dead.Response.Headers.GetValues("X-Nimbus-Error")));
        Assert.Contains("ConnectionRefused", dead.Body);
    }
}
