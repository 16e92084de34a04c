using System.Text;
using Nimbus.Edge.Proxy.Front;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Tests.Proxy.Front;

/// <summary>The front takes only plain requests; anything a strict server could read differently goes to Kestrel.</summary>
public sealed class FrontRequestParserTests
{
    private static FrontParse Parse(string head, out FrontRequest request) =>
        FrontRequestParser.Parse(Encoding.Latin1.GetBytes(head), new HeaderRange[FrontRequestParser.MaxHeaders], out request);

    [Fact]
    public void PlainRequest_IsTaken_WithHostLengthAndClose()
    {
        const string head = "POST /a?b=1 HTTP/1.1\r\nHost: app.localhost:8080\r\nContent-Length: 12\r\nConnection: close\r\nX-Request-Id: abc\r\n\r\n";

        Assert.Equal(FrontParse.Plain, Parse(head, out var request));
        Assert.Equal(head.Length, request.Length);
        Assert.Equal(12, request.ContentLength);
        Assert.True(request.Close);
        Assert.Equal("app.localhost:8080", head.Substring(request.HostStart, request.HostLength));
        Assert.Equal("/a?b=1", head.Substring(request.TargetStart, request.TargetLength));
        Assert.Equal("abc", head.Substring(request.RequestIdStart, request.RequestIdLength));
    }

    [Fact]
    public void UnfinishedHead_IsIncomplete()
    {
        Assert.Equal(FrontParse.Incomplete, Parse("GET / HTTP/1.1\r\nHost: a\r\n", out _));
    }

    [Theory]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")]
    [InlineData("POST / HTTP/1.1\r\nHost: a\r\nExpect: later\r\nContent-Length: 1\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n folded\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\nX: 1\r\n\r\n")]
    [InlineData("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001b\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: a b\r\n\r\n")]
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")]
    public void AnythingUnusual_GoesToKestrel(string head)
    {
        Assert.Equal(FrontParse.Other, Parse(head, out _));
    }

    [Fact]
    public void RandomBytes_NeverThrow()
    {
        var random = new Random(7);
        var ranges = new HeaderRange[FrontRequestParser.MaxHeaders];
        var seed = Encoding.ASCII.GetBytes("GET /x HTTP/1.1\r\nHost: app.localhost\r\nContent-Length: 3\r\nConnection: close\r\n\r\n");
        for (var i = 0; i < 20_000; i++)
        {
            var input = (byte[])seed.Clone();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }
            var kind = FrontRequestParser.Parse(input.AsSpan(0, random.Next(input.Length + 1)), ranges, out var request);
            if (kind == FrontParse.Plain)
            {
                Assert.InRange(request.Length, 1, input.Length);
                Assert.InRange(request.HostStart + request.HostLength, 1, request.Length);
            }
        }
    }
}
