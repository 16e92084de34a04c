using System.Text;
using Nimbus.Edge.Proxy.Upstream;

namespace Nimbus.Edge.Tests.Proxy.Upstream;

public sealed class ResponseHeadParserTests
{
    private static ResponseHeadStatus Parse(string text, out ResponseHead head, out HeaderRange[] ranges)
    {
        ranges = new HeaderRange[ResponseHeadParser.MaxHeaders];
        return ResponseHeadParser.Parse(Encoding.ASCII.GetBytes(text), ranges, out head);
    }

    private static string Field(string text, HeaderRange range, bool value) =>
        value ? text.Substring(range.ValueStart, range.ValueLength) : text.Substring(range.NameStart, range.NameLength);

    [Fact]
    public void Parse_TypicalHead_GivesStatusFramingAndTrimmedFields()
    {
        const string text = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length:  12 \r\nX-Empty:\r\n\r\nhello, world";

        Assert.Equal(ResponseHeadStatus.Complete, Parse(text, out var head, out var ranges));

        Assert.Equal(200, head.Status);
        Assert.False(head.Http10);
        Assert.Equal(12, head.ContentLength);
        Assert.Equal(3, head.HeaderCount);
        Assert.Equal(text.IndexOf("hello", StringComparison.Ordinal), head.Length);
        Assert.Equal("Content-Type", Field(text, ranges[0], false));
        Assert.Equal("text/plain", Field(text, ranges[0], true));
        Assert.Equal("12", Field(text, ranges[1], true));
        Assert.Equal("", Field(text, ranges[2], true));
    }

    [Fact]
    public void Parse_NoFieldsNoReason_IsComplete()
    {
        Assert.Equal(ResponseHeadStatus.Complete, Parse("HTTP/1.0 204\r\n\r\n", out var head, out _));
        Assert.Equal(204, head.Status);
        Assert.True(head.Http10);
        Assert.Equal(-1, head.ContentLength);
    }

    [Fact]
    public void Parse_ChunkedAndConnectionTokens_AreRecognised()
    {
        Assert.Equal(ResponseHeadStatus.Complete, Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\nConnection: close, X-Secret\r\n\r\n", out var head, out _));
        Assert.True(head.HasTransferEncoding);
        Assert.True(head.Chunked);
        Assert.True(head.ConnectionClose);
        Assert.True(head.ConnectionListsFields);
    }

    [Fact]
    public void Parse_TransferEncodingNotEndingInChunked_IsNotChunked()
    {
        Assert.Equal(ResponseHeadStatus.Complete, Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", out var head, out _));
        Assert.True(head.HasTransferEncoding);
        Assert.False(head.Chunked);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-")]
    [InlineData("HTTP/1.1 200 OK\r\n")]
    [InlineData("HTTP/1.")]
    [InlineData("HT")]
    [InlineData("")]
    public void Parse_PartialHead_IsIncomplete(string text) => Assert.Equal(ResponseHeadStatus.Incomplete, Parse(text, out _, out _));

    [Theory]
    [InlineData("hello\r\n")]
    [InlineData("HTTP/2 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 099 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nName : x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\n: x\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nNoColon\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nA: x\ny\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1, 1\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    public void Parse_MalformedHead_IsInvalidWithAReason(string text)
    {
        var ranges = new HeaderRange[ResponseHeadParser.MaxHeaders];
        var status = ResponseHeadParser.Parse(Encoding.Latin1.GetBytes(text), ranges, out var head);

        Assert.Equal(ResponseHeadStatus.Invalid, status);
        Assert.False(string.IsNullOrEmpty(head.Error));
    }

    [Fact]
    public void Parse_MoreThan100Fields_IsInvalid()
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (var i = 0; i < 101; i++)
        {
            text.Append("X-").Append(i).Append(": v\r\n");
        }
        Assert.Equal(ResponseHeadStatus.Invalid, Parse(text.Append("\r\n").ToString(), out var head, out _));
        Assert.Contains("100", head.Error);
    }

    [Fact]
    public void Parse_HeadOver64KiB_IsInvalid_EvenBeforeItEnds()
    {
        var big = "HTTP/1.1 200 OK\r\nX-Big: " + new string('a', ResponseHeadParser.MaxHeadBytes);
        Assert.Equal(ResponseHeadStatus.Invalid, Parse(big, out _, out _));
        Assert.Equal(ResponseHeadStatus.Invalid, Parse(big + "\r\n\r\n", out _, out _));
    }

    [Fact]
    public void Parse_MutatedHeads_NeverThrow_AndCompleteOnesStayInBounds()
    {
        var seeds = new[]
        {
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: keep-alive, X-A\r\nX-A: 1\r\n\r\nhello",
            "HTTP/1.0 304 Not Modified\r\nETag: \"x\"\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
        };
        var random = new Random(20240603);
        var ranges = new HeaderRange[ResponseHeadParser.MaxHeaders];
        var alphabet = "\r\n :,;\t\0\u007fHTP/1.0123456789aZ-"u8.ToArray();
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = Encoding.ASCII.GetBytes(seeds[i % seeds.Length]).ToList();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && bytes.Count > 0; m++)
            {
                var at = random.Next(bytes.Count);
                switch (random.Next(4))
                {
                    case 0: bytes[at] = alphabet[random.Next(alphabet.Length)]; break;
                    case 1: bytes.RemoveAt(at); break;
                    case 2: bytes.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: bytes[at] = (byte)random.Next(256); break;
                }
            }
            var input = bytes.ToArray().AsSpan(0, random.Next(bytes.Count + 1));

            var status = ResponseHeadParser.Parse(input, ranges, out var head);

            if (status == ResponseHeadStatus.Complete)
            {
                Assert.InRange(head.Length, 4, input.Length);
                Assert.InRange(head.Status, 100, 999);
                for (var h = 0; h < head.HeaderCount; h++)
                {
                    Assert.InRange(ranges[h].NameStart + ranges[h].NameLength, 1, head.Length);
                    Assert.InRange(ranges[h].ValueStart + ranges[h].ValueLength, 0, head.Length);
                }
            }
            else if (status == ResponseHeadStatus.Invalid)
            {
                Assert.NotNull(head.Error);
            }
        }
    }
}
