using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nimbus.Api.Resources;
using Nimbus.Edge.Cache;
using Nimbus.Edge.LoadBalancing;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.Proxy.Front;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge.Tests.Proxy;

/// <summary>A real Kestrel running the edge's request handler on port 0, in front of real Kestrel backends, with a
/// hand-made routing table for the app "app" (host app.localhost). With <paramref name="front"/> the port runs the front
/// (as the edge's plain port does), else Kestrel's own socket transport (as the HTTPS port does, minus TLS).</summary>
internal sealed class ProxyHarness(bool front = true) : IAsyncDisposable
{
    private readonly List<WebApplication> _backends = [];
    private WebApplication? _proxy;

    public RouteTableHolder Routes { get; } = new();
    public TrafficRegistry Traffic { get; } = new();
    public EdgeOptions Options { get; } = new();
    public HttpResponseCache Cache { get; } = new(new HttpCacheOptions(), TimeProvider.System);
    public HttpClient Client { get; private set; } = null!;
    /// <summary>The front's transport, when the harness runs it.</summary>
    public FrontListenerFactory? Front { get; private set; }
    /// <summary>The HTTPS port the handler believes it has (redirects point there); nothing listens on it.</summary>
    public int HttpsPort { get; } = 8443;
    public Uri Url { get; private set; } = null!;

    /// <summary>A backend on a free port answering with <paramref name="handler"/>; returns its host:port.</summary>
    public async Task<string> AddBackendAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k =>
        {
            // Like many app servers, backends may send UTF-8 in header values.
            k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
            k.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        _backends.Add(app);
        return app.Urls.First().Replace("http://", "", StringComparison.Ordinal);
    }

    /// <summary>A loopback address nothing listens on (bound then released).</summary>
    public static string DeadAddress()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    /// <summary>The edge's trace ring (set by <see cref="StartAsync"/>).</summary>
    public Nimbus.Edge.Tracing.EdgeTracer Tracer { get; private set; } = null!;

    public void Route(EdgeSettings settings, params Destination[] destinations)
    {
        var route = new AppRoute("app", settings, destinations, LoadBalancingPolicies.For(settings.Balance), Traffic.For("app"));
        var hosts = new Dictionary<string, AppRoute>(StringComparer.OrdinalIgnoreCase) { ["app.localhost"] = route };
        Routes.Swap(new RouteTable(hosts, new Dictionary<string, AppRoute>(StringComparer.Ordinal) { ["app"] = route }, 1, "nimbus.internal"));
    }

    public async Task StartAsync()
    {
        Options.ConnectTimeout = TimeSpan.FromSeconds(2);
        var identity = new EdgeIdentity("edge-test", "local-a");
        identity.MarkBound(null, new IPEndPoint(IPAddress.Loopback, HttpsPort), null, new Uri("http://127.0.0.1:1/"));
        var judge = new PassiveHealthJudge(Options, NullLogger<PassiveHealthJudge>.Instance);
        Tracer = new Nimbus.Edge.Tracing.EdgeTracer(Options, identity);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);
        if (front)
        {
            Front = new FrontListenerFactory(Routes, identity, Options, judge, Tracer, TimeProvider.System, NullLoggerFactory.Instance);
            builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory>(Front);
        }
        builder.WebHost.ConfigureKestrel(k =>
        {
            EdgeHost.ConfigureProxyServer(k);
            k.Listen(front ? new FrontEndPoint(IPAddress.Loopback, 0) : new IPEndPoint(IPAddress.Loopback, 0));
        });
        var proxy = builder.Build();
        var invoker = new HttpMessageInvoker(EdgeServiceCollectionExtensions.CreateHandler(Options));
        var handler = new EdgeRequestHandler(Routes, new HttpForwarder(invoker), new Nimbus.Edge.Proxy.Upstream.Http1Forwarder(Options, TimeProvider.System), identity, Cache, new Nimbus.Edge.RateLimiting.ClientRateLimiter(new Nimbus.Edge.RateLimiting.ClientRateLimiterOptions(), TimeProvider.System), judge,
            new ColdStarts(Routes, new Nimbus.Api.Client.NimbusClient(new Uri("http://127.0.0.1:1/"), "token"), Options, TimeProvider.System, NullLogger<ColdStarts>.Instance),
            Tracer, NullLogger<EdgeRequestHandler>.Instance);
        proxy.Run(handler.InvokeAsync);
        await proxy.StartAsync();
        _proxy = proxy;
        Url = new Uri(proxy.Urls.First());
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(Url, path));
        request.Headers.Host = "app.localhost";
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }
}
