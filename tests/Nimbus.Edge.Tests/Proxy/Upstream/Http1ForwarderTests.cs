using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;

namespace Nimbus.Edge.Tests.Proxy.Upstream;

/// <summary>The edge's HTTP/1.1 path end to end: HttpClient → Kestrel (edge) → Http1Forwarder → a real backend.</summary>
public class Http1ForwarderTests : Http1ForwarderTestBase
{
    public Http1ForwarderTests()
        : base(front: false)
    {
    }

    protected Http1ForwarderTests(bool front)
        : base(front)
    {
    }

    [Fact]
    public async Task SequentialRequests_ReuseOneBackendConnection()
    {
        await KestrelAsync(c => c.Response.WriteAsync(c.Features.Get<IHttpConnectionFeature>()!.ConnectionId));

        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var (status, body, _) = await GetAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            ids.Add(body);
        }

        Assert.Single(ids);
    }

    [Fact]
    public async Task Request_HeadersForwarded_HopByHopDropped_ForwardedAndRequestIdAdded()
    {
        await KestrelAsync(c =>
        {
            var h = c.Request.Headers;
            return c.Response.WriteAsync(string.Join("|", h.Host, h["X-Forwarded-For"], h["X-Forwarded-Proto"], h["X-Forwarded-Host"],
                h[RequestIdHeader], h["X-Hop"].Count, h["Keep-Alive"].Count, h["X-App"], h.Cookie));
        });
        using var request = Harness.Request(HttpMethod.Get, "/");
        request.Headers.Connection.Add("X-Hop");
        request.Headers.Add("X-Hop", "secret");
        request.Headers.Add("Keep-Alive", "timeout=5");
        request.Headers.Add("X-Forwarded-For", "1.2.3.4");
        request.Headers.Add("X-Forwarded-Host", "evil");
        request.Headers.Add(RequestIdHeader, "req-42");
        request.Headers.Add("X-App", "kept");
        request.Headers.Add("Cookie", "a=1");

        using var response = await Harness.Client.SendAsync(request).WaitAsync(Wait);

        Assert.Equal("app.localhost|1.2.3.4, 127.0.0.1|http|app.localhost|req-42|0|0|kept|a=1",
            await response.Content.ReadAsStringAsync().WaitAsync(Wait));
        Assert.Equal("req-42", Assert.Single(response.Headers.GetValues(RequestIdHeader)));
    }

    private const string RequestIdHeader = "X-Request-Id";

    [Fact]
    public async Task Request_Traceparent_TheClientsTraceGoesOnUnderTheEdgesSpan_ElseANewTraceStarts()
    {
        await KestrelAsync(c => c.Response.WriteAsync(string.Join("|", c.Request.Headers["traceparent"].ToArray())));
        const string client = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

        var continued = await TraceparentAsync(client);
        var fresh = await TraceparentAsync(null);
        var invalid = await TraceparentAsync("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01");

        Assert.Matches("^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$", continued);
        Assert.NotEqual(client, continued);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", fresh);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-01$", invalid);
        Assert.DoesNotContain("4bf92f3577b34da6a3ce929d0e0e4736", invalid, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> TraceparentAsync(string? given)
    {
        using var request = Harness.Request(HttpMethod.Get, "/");
        if (given is not null)
        {
            request.Headers.TryAddWithoutValidation("traceparent", given);
        }
        using var response = await Harness.Client.SendAsync(request).WaitAsync(Wait);
        return await response.Content.ReadAsStringAsync().WaitAsync(Wait);
    }

    [Fact]
    public async Task Response_FieldsNamedByConnection_AndHopByHop_AreDropped()
    {
        Raw(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nConnection: X-Secret\r\nX-Secret: 1\r\nKeep-Alive: timeout=9\r\nUpgrade: h2c\r\n" +
                "X-App: a\r\nX-App: b\r\nContent-Length: 2\r\n\r\nok", ct);
        });

        var (status, body, response) = await GetAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body);
        Assert.False(response.Headers.Contains("X-Secret"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Upgrade"));
        Assert.Equal(["a", "b"], response.Headers.GetValues("X-App"));
    }

    [Fact]
    public async Task PooledConnectionClosedByBackend_IsRetriedOnAFreshOne()
    {
        // Answers the first request of each connection and then drops the connection when the next one arrives —
        // what a backend with a short keep-alive timeout does when its close crosses our next request.
        var raw = Raw(async (s, n, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, $"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{n}", ct);
            await RawBackend.ReadHeadAsync(s, ct);
        });

        for (var i = 1; i <= 3; i++)
        {
            var (status, body, _) = await GetAsync();
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), body);
        }
        Assert.Equal(3, raw.Connections);
        Assert.Equal(0, Harness.Traffic.For("app").Snapshot().Retries);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IdleConnectionTheBackendClosed_IsNotReused(bool withBody)
    {
        // The pool checks an idle connection before reuse: a request with a body could not go again after it was sent on
        // a dead one, and one without must not need to.
        var closed = new TaskCompletionSource();
        var raw = Raw(async (s, n, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, $"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{n}", ct);
            if (n == 1)
            {
                s.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Both);
                closed.TrySetResult();
            }
            else
            {
                await RawBackend.ReadHeadAsync(s, ct);
            }
        });
        Assert.Equal("1", (await GetAsync()).Body);
        await closed.Task.WaitAsync(Wait);

        using var request = Harness.Request(withBody ? HttpMethod.Post : HttpMethod.Get, "/");
        if (withBody)
        {
            request.Content = new StringContent("payload");
        }
        using var response = await Harness.Client.SendAsync(request).WaitAsync(Wait);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, raw.Connections);
        Assert.Equal(0, Harness.Traffic.For("app").Snapshot().Retries);
    }

    [Fact]
    public async Task MiB_BodiesBothWays_ArriveIntact_WithAndWithoutContentLength()
    {
        var download = RandomNumberGenerator.GetBytes(1 << 20);
        await KestrelAsync(async c =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[8192];
            int read;
            while ((read = await c.Request.Body.ReadAsync(buffer)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }
            c.Response.Headers["X-Sha256"] = Convert.ToHexString(sha.GetHashAndReset());
            c.Response.Headers["X-Chunked"] = c.Request.Headers.TransferEncoding.ToString();
            if (c.Request.Query.ContainsKey("length"))
            {
                c.Response.ContentLength = download.Length;
            }
            await c.Response.Body.WriteAsync(download);
        });
        var upload = RandomNumberGenerator.GetBytes(1 << 20);

        foreach (var (known, path) in new[] { (true, "/?length=1"), (false, "/") })
        {
            using var request = Harness.Request(HttpMethod.Post, path);
            request.Content = known ? new ByteArrayContent(upload) : new StreamContent(new UnknownLengthStream(upload));
            using var response = await Harness.Client.SendAsync(request).WaitAsync(Wait);
            var received = await response.Content.ReadAsByteArrayAsync().WaitAsync(Wait);

            Assert.True(HttpStatusCode.OK == response.StatusCode, System.Text.Encoding.UTF8.GetString(received));
            Assert.Equal(Convert.ToHexString(SHA256.HashData(upload)), Assert.Single(response.Headers.GetValues("X-Sha256")));
            Assert.Equal(known ? "" : "chunked", Assert.Single(response.Headers.GetValues("X-Chunked")));
            Assert.Equal(SHA256.HashData(download), SHA256.HashData(received));
            Assert.Equal(!known, response.Headers.TransferEncodingChunked ?? false);
        }
    }

    [Fact]
    public async Task ChunkedResponse_WithExtensionsAndTrailers_IsDecoded_AndTheConnectionReused()
    {
        var raw = Raw(async (s, _, ct) =>
        {
            while (await RawBackend.ReadHeadAsync(s, ct) is not null)
            {
                await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n", ct);
            }
        });

        Assert.Equal("hello, world", (await GetAsync()).Body);
        Assert.Equal("hello, world", (await GetAsync()).Body);
        Assert.Equal(1, raw.Connections);
    }

    [Fact]
    public async Task ServerSentEvents_FlowBeforeTheResponseEnds()
    {
        var release = new TaskCompletionSource();
        await KestrelAsync(async c =>
        {
            c.Response.ContentType = "text/event-stream";
            await c.Response.WriteAsync("data: one\n\n");
            await c.Response.Body.FlushAsync();
            await release.Task.WaitAsync(Wait);
            await c.Response.WriteAsync("data: two\n\n");
        });

        using var response = await Harness.Client.SendAsync(Harness.Request(HttpMethod.Get, "/"), HttpCompletionOption.ResponseHeadersRead).WaitAsync(Wait);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("data: one", await reader.ReadLineAsync().WaitAsync(Wait));
        release.SetResult();
        Assert.Equal("", await reader.ReadLineAsync().WaitAsync(Wait));
        Assert.Equal("data: two", await reader.ReadLineAsync().WaitAsync(Wait));
    }

    [Fact]
    public async Task Head_204_304_HaveNoBody_AndKeepTheConnection()
    {
        await KestrelAsync(c =>
        {
            c.Response.Headers["X-Conn"] = c.Features.Get<IHttpConnectionFeature>()!.ConnectionId;
            switch (c.Request.Path.Value)
            {
                case "/204":
                    c.Response.StatusCode = 204;
                    return Task.CompletedTask;
                case "/304":
                    c.Response.StatusCode = 304;
                    c.Response.Headers.ETag = "\"v1\"";
                    return Task.CompletedTask;
                default:
                    c.Response.ContentLength = 5;
                    return HttpMethods.IsHead(c.Request.Method) ? Task.CompletedTask : c.Response.WriteAsync("hello");
            }
        });

        var head = await GetAsync("/", HttpMethod.Head);
        var noContent = await GetAsync("/204");
        var notModified = await GetAsync("/304");
        var get = await GetAsync("/");

        Assert.Equal((HttpStatusCode.OK, ""), (head.Status, head.Body));
        Assert.Equal(5, head.Response.Content.Headers.ContentLength);
        Assert.Equal((HttpStatusCode.NoContent, ""), (noContent.Status, noContent.Body));
        Assert.Equal((HttpStatusCode.NotModified, ""), (notModified.Status, notModified.Body));
        Assert.Equal("\"v1\"", notModified.Response.Headers.ETag?.ToString());
        Assert.Equal((HttpStatusCode.OK, "hello"), (get.Status, get.Body));
        Assert.Single(new[] { head, noContent, notModified, get }.Select(r => r.Response.Headers.GetValues("X-Conn").Single()).Distinct());
    }

    [Fact]
    public async Task NoContentThatSendsABodyAnyway_DoesNotPoisonTheNextResponse()
    {
        // Python's http.server does this when asked for a 204 with a body: head and body in separate writes.
        var raw = Raw(async (s, _, ct) =>
        {
            while (await RawBackend.ReadHeadAsync(s, ct) is not null)
            {
                await RawBackend.WriteAsync(s, "HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\n", ct);
                await RawBackend.WriteAsync(s, "as asked\n", ct);
            }
        });

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await GetAsync()).Status);
        }
        Assert.Equal(5, raw.Connections);
    }

    [Fact]
    public async Task HeadAnsweredWithABodyAnyway_DoesNotPoisonTheNextResponse()
    {
        // A HEAD's answer has no body; bytes an instance sends after it anyway must not be read as the next response.
        var raw = Raw(async (s, n, ct) =>
        {
            while (await RawBackend.ReadHeadAsync(s, ct) is { } head)
            {
                var answer = head.StartsWith("HEAD", StringComparison.Ordinal)
                    ? "HTTP/1.1 200 OK\r\nContent-Length: 31\r\n\r\nHTTP/1.1 200 OK\r\nX-Evil: 1\r\n\r\n"
                    : $"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n{n}";
                await RawBackend.WriteAsync(s, answer, ct);
            }
        });

        var (headStatus, _, _) = await GetAsync("/", HttpMethod.Head);
        var (status, body, response) = await GetAsync();

        Assert.Equal(HttpStatusCode.OK, headStatus);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2", body);
        Assert.False(response.Headers.Contains("X-Evil"));
        Assert.Equal(2, raw.Connections);
    }

    [Fact]
    public async Task ResponseWithoutLength_EndsWhenTheBackendCloses()
    {
        var raw = Raw(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end", ct);
        });

        Assert.Equal("until the end", (await GetAsync()).Body);
        Assert.Equal("until the end", (await GetAsync()).Body);
        Assert.Equal(2, raw.Connections);
    }

    [Fact]
    public async Task ConnectionClose_FromTheBackend_IsHonoured()
    {
        await KestrelAsync(c =>
        {
            c.Response.Headers.Connection = "close";
            return c.Response.WriteAsync(c.Features.Get<IHttpConnectionFeature>()!.ConnectionId);
        });

        var first = await GetAsync();
        var second = await GetAsync();

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.NotEqual(first.Body, second.Body);
        Assert.False(second.Response.Headers.ConnectionClose ?? false);
    }

    [Fact]
    public async Task InterimResponses_AreSkipped()
    {
        Raw(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            await RawBackend.WriteAsync(s, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\ndone", ct);
        });

        var (status, body, _) = await GetAsync();

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("done", body);
    }


    /// <summary>A stream without a length, so HttpClient sends the body chunked.</summary>
    private sealed class UnknownLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
