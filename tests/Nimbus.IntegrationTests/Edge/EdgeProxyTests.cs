using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Nimbus.IntegrationTests.Edge;

/// <summary>Requests through a real edge (in <c>nimbus up</c>) to real instances of the echo app.</summary>
[Collection(EdgeCloudCollection.Name)]
public sealed class EdgeProxyTests(EdgeCloudFixture fixture)
{
    private NimbusCloud Cloud => fixture.Cloud;
    private HttpClient Client => fixture.Client;

    [Fact]
    public async Task Get_ThroughTheEdge_AddsForwardingHeaders_AndARequestId()
    {
        using var response = await Client.GetAsync(EdgeHttp.Url(Cloud, "echo", "/headers"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("127.0.0.1", headers["x-forwarded-for"]);
        Assert.Equal("http", headers["x-forwarded-proto"]);
        Assert.Equal($"echo.localhost:{Cloud.Http!.Port}", headers["x-forwarded-host"]);
        Assert.Equal($"echo.localhost:{Cloud.Http!.Port}", headers["host"]);
        var id = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Equal(id, headers["x-request-id"]);
    }

    [Fact]
    public async Task Get_WithAClientRequestId_KeepsIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(Cloud, "echo", "/headers"));
        request.Headers.Add("X-Request-Id", "trace-me-42");

        using var response = await Client.SendAsync(request);

        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("trace-me-42", headers["x-request-id"]);
        Assert.Equal("trace-me-42", Assert.Single(response.Headers.GetValues("X-Request-Id")));
    }

    [Fact]
    public async Task Get_DropsHopByHopHeaders_IncludingThoseNamedInConnection()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(Cloud, "echo", "/headers"));
        request.Headers.TryAddWithoutValidation("Connection", "X-Secret-Hop");
        request.Headers.TryAddWithoutValidation("X-Secret-Hop", "must not pass");
        request.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        request.Headers.TryAddWithoutValidation("X-End-To-End", "passes");

        using var response = await Client.SendAsync(request);

        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("passes", headers["x-end-to-end"]);
        Assert.False(headers.ContainsKey("x-secret-hop"));
        Assert.False(headers.ContainsKey("keep-alive"));
    }

    [Fact]
    public async Task Get_ByCloudDomainHost_Routes()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(Cloud, "echo"));
        request.Headers.Host = "echo.nimbus.internal";

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CustomDomain_AddedWithTheCli_IsRoutedAndResolved()
    {
        var add = await Cloud.CliAsync("domains", "add", "echo", "www.echo-test.example");
        Assert.True(add.ExitCode == 0, add.ToString());

        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(Cloud, "echo", "/headers"));
            request.Headers.Host = "www.echo-test.example";
            using var response = await Client.SendAsync(request);
            return response.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(30), "the edge to route the custom domain");
        var remove = await Cloud.CliAsync("domains", "remove", "www.echo-test.example");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        await Poll.UntilAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(Cloud, "echo", "/"));
            request.Headers.Host = "www.echo-test.example";
            using var response = await Client.SendAsync(request);
            return response.StatusCode == HttpStatusCode.NotFound;
        }, TimeSpan.FromSeconds(30), "the edge to stop routing the removed domain");
    }

    [Fact]
    public async Task Get_UnknownHost_Is404NamingTheHost()
    {
        using var response = await Client.GetAsync(EdgeHttp.Url(Cloud, "no-such-app"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no-such-app.localhost", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_AppWithNoReadyInstance_Is503WithRetryAfter()
    {
        await Cloud.DeployAsync(EchoApp.Copy("name: idle\nrun: python3 server.py\ninstances: 0\n"));

        var response = await Poll.UntilAsync(async () =>
        {
            var r = await Client.GetAsync(EdgeHttp.Url(Cloud, "idle"));
            return r.StatusCode == HttpStatusCode.NotFound ? null : r;
        }, TimeSpan.FromSeconds(30), "the edge to know the idle app");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Contains("no ready instance", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upload_100MiB_StreamsThroughWithBoundedMemory()
    {
        const long size = 100L << 20;
        // The first upload sizes the process's pools and heap once (Kestrel's path — a connection an earlier test sent
        // to Kestrel, e.g. through the cache — grows the peak by ~130 MiB the first time, the front's by ~3 MiB); what
        // must not happen is growth with every byte streamed, so the second upload is the one measured.
        await UploadAsync(size);
        var before = ProcessMemory.PeakRss(Cloud.Process.Id);
        await UploadAsync(size);
        var growth = ProcessMemory.PeakRss(Cloud.Process.Id) - before;
        Assert.True(growth < 48L << 20, $"the peak RSS of nimbus up grew by {growth >> 20} MiB while streaming another 100 MiB through the edge");
    }

    private async Task UploadAsync(long size)
    {
        using var content = new StreamContent(new PatternStream(size));
        using var response = await Client.PostAsync(EdgeHttp.Url(Cloud, "echo", "/upload"), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(size, result.GetProperty("length").GetInt64());
        Assert.Equal(PatternStream.Sha256(size), result.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Download_StreamsTheWholeBody()
    {
        using var response = await Client.GetAsync(EdgeHttp.Url(Cloud, "echo", "/bytes?n=20971520"), HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        Assert.Equal(20971520, total);
    }

    [Fact]
    public async Task ServerSentEvents_ArriveAsTheyAreSent()
    {
        using var response = await Client.GetAsync(EdgeHttp.Url(Cloud, "echo", "/sse"), HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);

        // The second event is only sent after /sse-release: reading the first before asking proves nothing buffers it.
        Assert.Equal("data: one", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
        await ReleaseSseAsync();
        Assert.Equal("data: two", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20)));
    }

    /// <summary>Releases the instance holding the stream. Directly, not through the edge: the edge would (rightly) send
    /// the request to the instance with fewer requests in flight, which is the other one.</summary>
    private async Task ReleaseSseAsync()
    {
        foreach (var instance in await Cloud.PsAsync("echo"))
        {
            await Http.GetAsync(instance.Address, "/sse-release");
        }
    }

    [Fact]
    public Task WebSocket_OverHttp11_EchoesThroughTheEdge() =>
        EchoOverWebSocketAsync(new Uri($"ws://echo.localhost:{Cloud.Http!.Port}/ws"), https: false, HttpVersion.Version11);

    [Fact]
    public Task WebSocket_OverHttp2_AsBrowsersOpenIt_EchoesThroughTheEdge() =>
        EchoOverWebSocketAsync(new Uri($"wss://echo.localhost:{Cloud.Https!.Port}/ws"), https: true, HttpVersion.Version20);

    private async Task EchoOverWebSocketAsync(Uri url, bool https, Version version)
    {
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = version;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        using var invoker = new HttpMessageInvoker(EdgeHttp.Handler(Cloud, https));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(url, invoker, timeout.Token);

        foreach (var message in new[] { "hello", new string('x', 5000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
            var buffer = new byte[8192];
            var received = new StringBuilder();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, timeout.Token);
                received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);
            Assert.Equal(message, received.ToString());
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [Fact]
    public async Task Traffic_CountedByTheEdge_IsReadableThroughTheApi()
    {
        for (var i = 0; i < 5; i++)
        {
            using var ok = await Client.GetAsync(EdgeHttp.Url(Cloud, "echo", "/status?code=204"));
            using var bad = await Client.GetAsync(EdgeHttp.Url(Cloud, "echo", "/status?code=418"));
        }

        var traffic = await Cloud.Client.GetTrafficAsync("echo", default);

        Assert.Equal(1, traffic.Edges);
        Assert.True(traffic.Status["2xx"] >= 5, $"2xx = {traffic.Status["2xx"]}");
        Assert.True(traffic.Status["4xx"] >= 5, $"4xx = {traffic.Status["4xx"]}");
        Assert.True(traffic.Requests >= 10);
        Assert.Equal(traffic.Requests, traffic.LatencyCounts.Sum());
        Assert.True(traffic.BytesOut > 0);
    }
}
