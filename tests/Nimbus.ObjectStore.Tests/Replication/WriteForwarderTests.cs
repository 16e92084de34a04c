using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.ObjectStore.Replication;
using Nimbus.ObjectStore.S3;

namespace Nimbus.ObjectStore.Tests.Replication;

/// <summary><see cref="WriteForwarder"/> between two real HTTP servers: what the metadata node receives is what the client
/// sent (target, Host, signed and content headers, body), the answer comes back whole, and the follower answers a
/// write only once its copy has the seq the metadata node gives.</summary>
public sealed class WriteForwarderTests : IAsyncLifetime
{
    private const string Self = "sn-00000000000b", Leader = "sn-00000000000a";
    private readonly List<WebApplication> _apps = [];
    private readonly FixedNodes _nodes = new();
    private MetadataFollower? _follower;
    private WriteForwarder? _forwarder;
    private (string Method, string Target, Dictionary<string, string> Headers, byte[] Body)? _received;
    private long _seqToSend = 0;

    private async Task<Uri> ServeAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        _apps.Add(app);
        return new Uri(app.Urls.First() + "/");
    }

    public async Task InitializeAsync()
    {
        var leaderS3 = await ServeAsync(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            _received = (context.Request.Method, context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
            context.Response.StatusCode = 200;
            context.Response.Headers.ETag = "\"abc\"";
            context.Response.Headers["x-amz-request-id"] = "leader-id";
            if (_seqToSend > 0)
            {
                context.Response.Headers[IWriteForwarder.SeqHeader] = _seqToSend.ToString(System.Globalization.CultureInfo.InvariantCulture);
                context.Response.Headers[IWriteForwarder.LogHeader] = "7";
            }
            await context.Response.WriteAsync("<Done/>");
        });
        _nodes.Set(new StorageNodeInfo(Leader, "zone-a", new Uri("http://127.0.0.1:1/"), true, Metadata: true, S3: leaderS3), FixedNodes.Node(Self, "zone-b"));
        var identity = new NodeIdentity(Self, "zone-b");
        var options = new ReplicationOptions { ForwardedWriteVisibleWait = TimeSpan.FromSeconds(20), PushTimeout = TimeSpan.FromSeconds(10) };
        _follower = new MetadataFollower(Path.GetTempPath(), identity, _nodes, new FakePeers(), options, TimeProvider.System, NullLogger<MetadataFollower>.Instance);
        _forwarder = new WriteForwarder(identity, _nodes, _follower, options, NullLogger<WriteForwarder>.Instance);
    }

    private async Task<string> SendRawAsync(string head, byte[]? body = null)
    {
        var front = await ServeAsync(context => _forwarder!.ForwardAsync(context));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(front.Host, front.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(head.Replace("\n", "\r\n") + "\r\n"));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var answer = new StringBuilder();
        var buffer = new char[4096];
        int n;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((n = await reader.ReadAsync(buffer, deadline.Token)) > 0)
        {
            answer.Append(buffer, 0, n);
            if (answer.ToString().Contains("<Done/>", StringComparison.Ordinal) || answer.ToString().Contains("</Error>", StringComparison.Ordinal))
            {
                break;
            }
        }
        return answer.ToString();
    }

    [Fact]
    public async Task Put_ArrivesAsSent_AndTheAnswerComesBack()
    {
        var body = Encoding.ASCII.GetBytes("hello, metadata node");
        var answer = await SendRawAsync($"""
            PUT /bucket/a/../b%2Fc?x-id=PutObject&partNumber=1 HTTP/1.1
            Host: bucket.s3.localhost:9000
            Authorization: AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00
            x-amz-content-sha256: UNSIGNED-PAYLOAD
            x-amz-meta-twice: one
            x-amz-meta-twice: two
            Content-Type: text/plain
            Content-Disposition: attachment
            Content-Length: {body.Length}
            Connection: keep-alive

            """, body);

        Assert.StartsWith("HTTP/1.1 200", answer);
        Assert.Contains("ETag: \"abc\"", answer);
        Assert.Contains("x-amz-request-id: leader-id", answer);
        var (method, target, headers, received) = _received!.Value;
        Assert.Equal("PUT", method);
        Assert.Equal("/bucket/a/../b%2Fc?x-id=PutObject&partNumber=1", target);
        Assert.Equal("bucket.s3.localhost:9000", headers["Host"]);
        Assert.Equal("one,two", headers["x-amz-meta-twice"]);
        Assert.Equal("text/plain", headers["Content-Type"]);
        Assert.Equal("attachment", headers["Content-Disposition"]);
        Assert.Equal(Self, headers[IWriteForwarder.ForwardedByHeader]);
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AK/", headers["Authorization"]);
        Assert.Equal(body, received);
    }

    [Fact]
    public async Task Write_IsAnsweredOnlyOnceTheCopyHasItsSeq()
    {
        _seqToSend = 42;
        var sending = SendRawAsync("""
            DELETE /bucket/key HTTP/1.1
            Host: 127.0.0.1
            Content-Length: 0

            """);
        await Poll.UntilAsync(() => _received is not null, TimeSpan.FromSeconds(30));
        await Task.Delay(200);
        Assert.False(sending.IsCompleted);
        _follower!.Stand(7, 41);
        await Task.Delay(200);
        Assert.False(sending.IsCompleted);
        // Seq 42 of another log is not the write's.
        _follower.Stand(8, 42);
        await Task.Delay(200);
        Assert.False(sending.IsCompleted);
        _follower.Stand(7, 42);
        Assert.StartsWith("HTTP/1.1 200", await sending.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain(IWriteForwarder.SeqHeader, await sending);
        Assert.DoesNotContain(IWriteForwarder.LogHeader, await sending);
    }

    [Fact]
    public async Task NoMetadataNode_Is503WithRetryAfter()
    {
        _nodes.Set(FixedNodes.Node(Self, "zone-b"));
        var http = new DefaultHttpContext();
        http.Request.Method = "PUT";
        var error = await Assert.ThrowsAsync<S3Exception>(() => _forwarder!.ForwardAsync(http));
        Assert.Equal(503, error.Error.Status);
        Assert.Contains("metadata node", error.Error.Message);
    }

    public async Task DisposeAsync()
    {
        _forwarder?.Dispose();
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }
}
