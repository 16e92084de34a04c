using System.Net;
using System.Text.Json;
using Nimbus.Api;
using Nimbus.Api.Contracts;
using Nimbus.IntegrationTests.Edge;

namespace Nimbus.IntegrationTests.Telemetry;

/// <summary>A request's journey over a real cloud: the client's traceparent is continued through the edge to the
/// instance, the instance's own span (sent over OTLP with the token its agent gave it) joins the trace, and
/// `nimbus trace` shows every hop.</summary>
public sealed class TraceTests : IAsyncLifetime
{
    private const string ClientTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ClientSpan = "00f067aa0ba902b7";

    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await NimbusCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task ClientTraceparent_IsContinued_AndTheTraceShowsEveryHop_WithTheAppsOwnSpan()
    {
        await _cloud.DeployAsync(EchoApp.Copy());
        using var client = EdgeHttp.Client(_cloud);
        await EchoApp.WaitRoutedAsync(client, _cloud, "echo", 1);

        // What the instance was told: the client's trace, under the edge's span.
        using var headersRequest = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(_cloud, "echo", "/headers"));
        headersRequest.Headers.Add("traceparent", $"00-{ClientTrace}-{ClientSpan}-01");
        using var headersResponse = await client.SendAsync(headersRequest);
        var seen = JsonDocument.Parse(await headersResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("traceparent").GetString()!;
        var parts = seen.Split('-');
        Assert.Equal(ClientTrace, parts[1]);
        Assert.NotEqual(ClientSpan, parts[2]);

        // The name looked up at Nimbus DNS first (as a client using it would), then a request the app traces itself:
        // its span goes to the control plane over OTLP before it answers.
        Assert.Equal("127.0.0.1", (await Dig.RunAsync(_cloud, "echo.nimbus.internal", "A", "+short")).Trim());
        var trace = "0af7651916cd43dd8448eb211c80319c";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{_cloud.Http!.Port}/traced"));
        request.Headers.Host = $"echo.nimbus.internal:{_cloud.Http!.Port}";
        request.Headers.Add("traceparent", $"00-{trace}-b7ad6b7169203331-01");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("exported 200", (await response.Content.ReadAsStringAsync()).Trim());
        var requestId = response.Headers.GetValues("X-Request-Id").Single();

        // By request id, as a user would paste it from a response.
        var json = await _cloud.CliAsync("trace", requestId, "-o", "json");
        Assert.True(json.ExitCode == 0, json.ToString());
        var view = JsonSerializer.Deserialize(json.Stdout, NimbusJson.Default.TraceView)!;
        Assert.Equal(trace, view.TraceId);
        var edge = Assert.Single(view.Spans, s => s.Name == "GET echo");
        Assert.Equal("b7ad6b7169203331", edge.ParentSpanId);
        Assert.Equal("200", edge.Attributes["http.response.status_code"]);
        Assert.Equal(requestId, edge.Attributes["nimbus.request_id"]);
        var dns = Assert.Single(view.Spans, s => s.Name == "dns lookup");
        Assert.Equal((edge.SpanId, "echo.nimbus.internal", "A"), (dns.ParentSpanId, dns.Attributes["dns.question.name"], dns.Attributes["dns.question.type"]));
        Assert.True(dns.EndUnixNano <= edge.StartUnixNano);
        var pick = Assert.Single(view.Spans, s => s.Name == "load balancer pick");
        Assert.Equal(edge.SpanId, pick.ParentSpanId);
        Assert.StartsWith("p2c:", pick.Attributes["nimbus.lb.reason"]);
        var upstream = Assert.Single(view.Spans, s => s.Name.StartsWith("upstream echo-", StringComparison.Ordinal));
        Assert.Equal(edge.SpanId, upstream.ParentSpanId);
        Assert.Single(view.Spans, s => s.Name == "time to first byte" && s.ParentSpanId == upstream.SpanId);
        Assert.Single(view.Spans, s => s.Name == "response" && s.ParentSpanId == upstream.SpanId);
        var app = Assert.Single(view.Spans, s => s.Name == "GET /traced");
        Assert.Equal(edge.SpanId, app.ParentSpanId);
        Assert.Equal("echo", app.Service);
        Assert.Equal("echo", app.Attributes["nimbus.app"]);
        Assert.All(view.Spans, s => Assert.Equal(trace, s.TraceId));
        Assert.InRange(app.StartUnixNano, edge.StartUnixNano - 50_000_000, edge.EndUnixNano);

        // The waterfall names every hop, the app's span under the edge's.
        var waterfall = await _cloud.CliAsync("trace", "last", "--app", "echo");
        Assert.True(waterfall.ExitCode == 0, waterfall.ToString());
        foreach (var hop in new[] { $"trace {trace}", "GET echo", "dns lookup", "load balancer pick", "upstream echo-", "time to first byte", "response", "GET /traced" })
        {
            Assert.Contains(hop, waterfall.Stdout);
        }

        var list = await _cloud.CliAsync("trace", "list", "--app", "echo", "-o", "json");
        var recent = JsonSerializer.Deserialize(list.Stdout, NimbusJson.Default.TraceList)!;
        Assert.Equal(requestId, recent.Traces[0].RequestId);
        Assert.Contains(recent.Traces, t => t.TraceId == ClientTrace);
    }

    [Fact]
    public async Task AccessLog_HasALinePerRequest_AndWhereFindsTheFailedOne()
    {
        await _cloud.DeployAsync(EchoApp.Copy());
        using var client = EdgeHttp.Client(_cloud);
        await EchoApp.WaitRoutedAsync(client, _cloud, "echo", 1);
        using (await client.GetAsync(EdgeHttp.Url(_cloud, "echo", "/status?code=503")))
        {
        }
        using var ok = await client.GetAsync(EdgeHttp.Url(_cloud, "echo", "/headers"));
        var requestId = ok.Headers.GetValues("X-Request-Id").Single();

        var all = await Poll.UntilAsync(async () =>
        {
            var result = await _cloud.CliAsync("logs", "echo", "--access");
            return result.ExitCode == 0 && result.Stdout.Contains(requestId, StringComparison.Ordinal) ? result : null;
        }, TimeSpan.FromSeconds(30), "the request in the access log");
        var line = all.Stdout.Split('\n').Single(l => l.Contains(requestId, StringComparison.Ordinal));
        var json = JsonDocument.Parse(line[line.IndexOf('{')..]).RootElement;
        Assert.Equal(("GET", "/headers", 200), (json.GetProperty("method").GetString(), json.GetProperty("target").GetString(), json.GetProperty("status").GetInt32()));
        Assert.StartsWith("echo-", json.GetProperty("instance").GetString());
        Assert.Equal(32, json.GetProperty("trace_id").GetString()!.Length);
        Assert.Contains(" edge-local-a | ", line);

        var failed = await _cloud.CliAsync("logs", "echo", "--access", "--where", "status=503");
        var only = Assert.Single(failed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"target\":\"/status?code=503\"", only);
    }

    [Fact]
    public async Task OtlpReceiver_RejectsTheWrongTokenAndContent_AndUnknownTracesAre404()
    {
        using var http = new HttpClient { BaseAddress = _cloud.Api };
        using var noToken = await http.PostAsync("/v1/traces", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);

        // An app's trace token opens POST /v1/traces and nothing else.
        var appToken = Nimbus.Api.Security.AppTraceTokens.For(_cloud.Token, "echo");
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", appToken);
        using var accepted = await http.PostAsync("/v1/traces", new StringContent("{\"resourceSpans\":[]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var read = await http.GetAsync("/v1/apps");
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        var forged = appToken[..^4] + "0000";
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", forged);
        using var forgedAnswer = await http.PostAsync("/v1/traces", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, forgedAnswer.StatusCode);

        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _cloud.Token);
        using var wrongType = await http.PostAsync("/v1/traces", new StringContent("x", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        using var garbage = await http.PostAsync("/v1/traces", new ByteArrayContent([0x0a, 0xff, 0xff]) { Headers = { ContentType = new("application/x-protobuf") } });
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Contains("OTLP", await garbage.Content.ReadAsStringAsync());

        var missing = await _cloud.CliAsync("trace", "ffffffffffffffffffffffffffffffff");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no trace", missing.Stderr);
    }
}

/// <summary>`nimbus up --otlp-endpoint`: the edge's spans go over OTLP/HTTP (the OpenTelemetry SDK, protobuf) to a
/// collector — here a bare HTTP server whose bodies the control plane's own OTLP reader decodes.</summary>
public sealed class TraceExportTests : IAsyncLifetime
{
    private readonly WebhookReceiver _collector = new WebhookReceiver("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").Start();
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() =>
        _cloud = await NimbusCloud.StartAsync(null, "--otlp-endpoint", _collector.Url.Replace("/hook", "", StringComparison.Ordinal), "--otlp-headers", "x-collector-key=abc");

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [Fact]
    public async Task EdgeSpans_AreExportedOverOtlp_UnderTheClientsTrace_WithTheIdsTheInstanceWasTold()
    {
        await _cloud.DeployAsync(EchoApp.Copy());
        using var client = EdgeHttp.Client(_cloud);
        await EchoApp.WaitRoutedAsync(client, _cloud, "echo", 1);
        const string trace = "5bf92f3577b34da6a3ce929d0e0e4737";
        using var request = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(_cloud, "echo", "/headers"));
        request.Headers.Add("traceparent", $"00-{trace}-00f067aa0ba902b7-01");
        using var response = await client.SendAsync(request);
        var told = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("traceparent").GetString()!.Split('-')[2];

        // The SDK batches: poll until the export with this trace arrived (its default delay is 5 s).
        var spans = await Poll.UntilAsync(() =>
        {
            var all = _collector.RawBodies.SelectMany(b => Nimbus.ControlPlane.Telemetry.Traces.OtlpProtobufReader.Read(b).Spans).Where(s => s.TraceId == trace).ToList();
            return Task.FromResult(all.Any(s => s.ParentSpanId == told) ? all : null);
        }, TimeSpan.FromSeconds(30), "the edge's spans at the OTLP collector");
        var root = Assert.Single(spans, s => s.SpanId == told);
        Assert.Equal(("GET echo", "server", "nimbus-edge", "00f067aa0ba902b7"), (root.Name, root.Kind, root.Service, root.ParentSpanId));
        Assert.Equal("200", root.Attributes["http.response.status_code"]);
        // The export is leaner than the local trace: one client span per try, the pick's reason an attribute.
        var upstream = Assert.Single(spans, s => s.Name.StartsWith("upstream echo-", StringComparison.Ordinal));
        Assert.Equal((root.SpanId, "client", "1"), (upstream.ParentSpanId, upstream.Kind, upstream.Attributes["nimbus.try"]));
        Assert.StartsWith("p2c:", upstream.Attributes["nimbus.lb.reason"]);

        // Over HTTPS (the Kestrel path, where ASP.NET has an activity of its own) a request without traceparent starts a
        // sampled trace of its own, exported too.
        var handler = EdgeHttp.Handler(_cloud, https: true);
        handler.ActivityHeadersPropagator = null; // .NET's client would otherwise send a traceparent of its own
        using var https = new HttpClient(handler);
        using var secure = await https.GetAsync(new Uri($"https://echo.localhost:{_cloud.Https!.Port}/headers"));
        var started = JsonDocument.Parse(await secure.Content.ReadAsStringAsync()).RootElement.GetProperty("traceparent").GetString()!.Split('-');
        Assert.Equal("01", started[3]);
        await Poll.UntilAsync(() => Task.FromResult(_collector.RawBodies
            .SelectMany(b => Nimbus.ControlPlane.Telemetry.Traces.OtlpProtobufReader.Read(b).Spans)
            .FirstOrDefault(s => s.TraceId == started[1] && s.SpanId == started[2] && s.ParentSpanId == "")),
            TimeSpan.FromSeconds(30), "the HTTPS request's span at the OTLP collector");
    }
}

/// <summary>`--otlp-sample`: traces the edge starts are exported by ratio (here almost none) and the instance is told
/// when one is not sampled; a client's sampled traceparent is still followed; every request is still in `nimbus trace`.</summary>
public sealed class TraceSamplingTests : IAsyncLifetime
{
    private readonly WebhookReceiver _collector = new WebhookReceiver("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").Start();
    private NimbusCloud _cloud = null!;

    public async Task InitializeAsync() =>
        _cloud = await NimbusCloud.StartAsync(null, "--otlp-endpoint", _collector.Url.Replace("/hook", "", StringComparison.Ordinal), "--otlp-sample", "0.000001");

    public async Task DisposeAsync()
    {
        await _cloud.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [Fact]
    public async Task UnsampledTraces_AreToldSo_AndNotExported_ButAClientsSampledTraceIs()
    {
        await _cloud.DeployAsync(EchoApp.Copy());
        using var client = EdgeHttp.Client(_cloud);
        await EchoApp.WaitRoutedAsync(client, _cloud, "echo", 1);
        using var plain = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(_cloud, "echo", "/headers"));
        using var unsampled = await client.SendAsync(plain);
        var told = JsonDocument.Parse(await unsampled.Content.ReadAsStringAsync()).RootElement.GetProperty("traceparent").GetString()!.Split('-');
        Assert.Equal("00", told[3]);

        const string trace = "6bf92f3577b34da6a3ce929d0e0e4738";
        using var sampled = new HttpRequestMessage(HttpMethod.Get, EdgeHttp.Url(_cloud, "echo", "/headers"));
        sampled.Headers.Add("traceparent", $"00-{trace}-00f067aa0ba902b7-01");
        using var answer = await client.SendAsync(sampled);
        Assert.EndsWith("-01", JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("traceparent").GetString());

        var spans = await Poll.UntilAsync(() =>
        {
            var all = _collector.RawBodies.SelectMany(b => Nimbus.ControlPlane.Telemetry.Traces.OtlpProtobufReader.Read(b).Spans).ToList();
            return Task.FromResult(all.Any(s => s.TraceId == trace) ? all : null);
        }, TimeSpan.FromSeconds(30), "the client's sampled trace at the OTLP collector");
        Assert.DoesNotContain(spans, s => s.TraceId == told[1]);

        // Locally every request is kept, sampled for export or not.
        var local = await _cloud.CliAsync("trace", told[1], "-o", "json");
        Assert.True(local.ExitCode == 0, local.ToString());
    }
}
