using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Nimbus.Api.Resources;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tests.Proxy.Upstream;

namespace Nimbus.Edge.Tests.Proxy.Front;

/// <summary>What only the front does, seen from a raw client socket: pipelining, HEAD answers, trailers, hosts, the
/// answer to a request whose body it did not read, and that it (not Kestrel) served plain requests.</summary>
public sealed class FrontConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly ProxyHarness _harness = new(front: true);
    private readonly List<RawBackend> _raw = [];

    public Task InitializeAsync() => _harness.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var raw in _raw)
        {
            await raw.DisposeAsync();
        }
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task PipelinedRequests_AreAnsweredInOrder_ByTheFront()
    {
        var backend = await _harness.AddBackendAsync(c => c.Response.WriteAsync("path " + c.Request.Path));
        _harness.Route(new EdgeSettings(), new Destination("k-1", backend));

        var text = await ExchangeAsync("GET /one HTTP/1.1\r\nHost: app.localhost\r\n\r\nGET /two HTTP/1.1\r\nHost: app.localhost\r\nConnection: close\r\n\r\n");

        Assert.True(text.IndexOf("path /one", StringComparison.Ordinal) < text.IndexOf("path /two", StringComparison.Ordinal), text);
        Assert.Equal(2, CountOf(text, "HTTP/1.1 200"));
        Assert.True(_harness.Front!.Accepted >= 1);
    }

    [Fact]
    public async Task Head_ToAnAppWithNoInstance_Is503WithoutABody_AndTheConnectionStaysInStep()
    {
        _harness.Route(new EdgeSettings());

        var text = await ExchangeAsync("HEAD / HTTP/1.1\r\nHost: app.localhost\r\n\r\nGET / HTTP/1.1\r\nHost: app.localhost\r\nConnection: close\r\n\r\n");

        var second = text.IndexOf("HTTP/1.1 503", 1, StringComparison.Ordinal);
        Assert.True(text.StartsWith("HTTP/1.1 503", StringComparison.Ordinal) && second > 0, text);
        // Nothing between the HEAD answer's head and the next response.
        Assert.EndsWith("\r\n\r\n", text[..second], StringComparison.Ordinal);
        Assert.Contains("no ready instance", text[second..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedResponse_TrailersAreDropped_AndTheMessageEndsCleanly()
    {
        var raw = new RawBackend(async (s, _, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            // A trailer with a bare LF and a fake response after it: none of it may reach the client.
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: a\r\n\r\n", ct);
        });
        _raw.Add(raw);
        _harness.Route(new EdgeSettings(), new Destination("raw-1", raw.Address));

        var text = await ExchangeAsync("GET / HTTP/1.1\r\nHost: app.localhost\r\nConnection: close\r\n\r\n");

        Assert.EndsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("X-T", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChunkedUpload_PassesThroughWithoutTrailers_AndBadChunksAre400()
    {
        var seen = new TaskCompletionSource<string>();
        var raw = new RawBackend(async (s, _, ct) =>
        {
            var message = new StringBuilder(await RawBackend.ReadHeadAsync(s, ct));
            var one = new byte[1];
            while (!message.ToString().EndsWith("0\r\n\r\n", StringComparison.Ordinal) && await s.ReadAsync(one, ct) > 0)
            {
                message.Append((char)one[0]);
            }
            seen.TrySetResult(message.ToString());
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ct);
        });
        _raw.Add(raw);
        _harness.Route(new EdgeSettings(), new Destination("raw-1", raw.Address));

        var text = await ExchangeAsync("POST / HTTP/1.1\r\nHost: app.localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n");
        var forwarded = await seen.Task.WaitAsync(Wait);
        var bad = await ExchangeAsync("POST / HTTP/1.1\r\nHost: app.localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Contains("Transfer-Encoding: chunked\r\n", forwarded, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n5\r\nhello\r\n0\r\n\r\n", forwarded, StringComparison.Ordinal);
        Assert.DoesNotContain("X-T", forwarded, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400", bad, StringComparison.Ordinal);
        Assert.Contains("chunked encoding is invalid", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpectContinue_TheFrontAsksForTheBody_AndForwardsIt()
    {
        var backend = await _harness.AddBackendAsync(async c =>
        {
            using var reader = new StreamReader(c.Request.Body);
            await c.Response.WriteAsync("got " + await reader.ReadToEndAsync() + " expect=" + c.Request.Headers.Expect.Count);
        });
        _harness.Route(new EdgeSettings(), new Destination("k-1", backend));
        using var client = new TcpClient();
        await client.ConnectAsync(_harness.Url.Host, _harness.Url.Port).WaitAsync(Wait);
        var stream = client.GetStream();

        await stream.WriteAsync("POST / HTTP/1.1\r\nHost: app.localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"u8.ToArray()).AsTask().WaitAsync(Wait);
        var interim = new byte[25];
        await stream.ReadExactlyAsync(interim).AsTask().WaitAsync(Wait);
        await stream.WriteAsync("hello"u8.ToArray()).AsTask().WaitAsync(Wait);
        using var rest = new MemoryStream();
        await stream.CopyToAsync(rest).WaitAsync(Wait);
        var text = Encoding.Latin1.GetString(rest.ToArray());

        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.Latin1.GetString(interim));
        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Contains("got hello expect=0", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.localhost:80 x@evil")]
    [InlineData("app.localhost:8o")]
    [InlineData("app.local host")]
    public async Task InvalidHost_IsRefusedWith400(string host)
    {
        var backend = await _harness.AddBackendAsync(c => c.Response.WriteAsync("reached"));
        _harness.Route(new EdgeSettings(), new Destination("k-1", backend));

        var text = await ExchangeAsync($"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reached", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadToADeadInstance_GetsThe502_NotAReset()
    {
        _harness.Route(new EdgeSettings(), new Destination("dead-1", ProxyHarness.DeadAddress()));
        using var request = _harness.Request(HttpMethod.Post, "/");
        request.Content = new ByteArrayContent(new byte[8 << 20]);

        using var response = await _harness.Client.SendAsync(request).WaitAsync(Wait);

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("connect", Assert.Single(response.Headers.GetValues("X-Nimbus-Error")));
    }

    [Fact]
    public async Task ClientGoneWhileItsRequestWaits_TheInstanceConnectionCloses_AndTheInstanceIsNotBlamed()
    {
        var headSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closedByEdge = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var raw = new RawBackend(async (s, n, ct) =>
        {
            await RawBackend.ReadHeadAsync(s, ct);
            if (n == 1)
            {
                // The first request is never answered: its client leaves, and the edge must let go of this connection.
                headSeen.TrySetResult();
                var end = await s.ReadAsync(new byte[1], ct);
                if (end == 0)
                {
                    closedByEdge.TrySetResult();
                }
                return;
            }
            await RawBackend.WriteAsync(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", ct);
        });
        _raw.Add(raw);
        _harness.Route(new EdgeSettings(), new Destination("slow-1", raw.Address));

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(_harness.Url.Host, _harness.Url.Port).WaitAsync(Wait);
            await client.GetStream().WriteAsync("GET /slow HTTP/1.1\r\nHost: app.localhost\r\n\r\n"u8.ToArray()).AsTask().WaitAsync(Wait);
            await headSeen.Task.WaitAsync(Wait);
        }
        // Seen at once, not at the app's 30 s response timeout or at the answer.
        await closedByEdge.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Not a failure of the instance: it is neither ejected nor skipped, and the next request goes to it.
        var text = await ExchangeAsync("GET /next HTTP/1.1\r\nHost: app.localhost\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.EndsWith("ok", text, StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="request"/> on a fresh connection and reads until the edge closes it.</summary>
    private async Task<string> ExchangeAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_harness.Url.Host, _harness.Url.Port).WaitAsync(Wait);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request)).AsTask().WaitAsync(Wait);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received).WaitAsync(Wait);
        return Encoding.Latin1.GetString(received.ToArray());
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
