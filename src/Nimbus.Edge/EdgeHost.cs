using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Nimbus.Api.Hosting;
using Nimbus.Api.Telemetry;
using Nimbus.Edge.Admin;
using Nimbus.Edge.Cache;
using Nimbus.Edge.Dns;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.Proxy.Front;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tls;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge;

/// <summary>One running edge: the proxy listeners (HTTP, HTTPS), the DNS server and the admin endpoint.
/// <c>nimbus up</c> runs one in its process; <c>nimbus edge</c> runs one on its own.</summary>
public sealed class EdgeHost : IAsyncDisposable
{
    private readonly WebApplication _proxy;
    private readonly WebApplication _admin;
    private readonly DnsServer _dns;
    private readonly EdgeIdentity _identity;

    private EdgeHost(WebApplication proxy, WebApplication admin, DnsServer dns, EdgeIdentity identity)
    {
        _proxy = proxy;
        _admin = admin;
        _dns = dns;
        _identity = identity;
    }

    public string Name => _identity.Name;
    public IPEndPoint? Http => _identity.Http;
    public IPEndPoint? Https => _identity.Https;
    public IPEndPoint? Dns => _identity.Dns;
    public Uri? Admin => _identity.Admin;

    /// <summary>Completes when the first routing table from the control plane is in place.</summary>
    public Task Synced => _proxy.Services.GetRequiredService<RouteTableHolder>().Synced;

    public static async Task<EdgeHost> StartAsync(EdgeOptions options, Action<ILoggingBuilder> logging, CancellationToken ct)
    {
        var name = options.Name.Length > 0 ? options.Name : $"edge-{options.Zone}-{Guid.NewGuid().ToString("n")[..6]}";
        var identity = new EdgeIdentity(name, options.Zone);
        var listen = IPAddress.Parse(options.ListenAddress);

        var builder = RoleWebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        ListenOptions? http = null;
        ListenOptions? https = null;
        // The proxy's request path never blocks: it runs on the thread that completed the socket read instead of
        // being queued once more to the thread pool (each hand-off is a context switch on a busy core).
        builder.WebHost.UseSockets(s => s.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(k =>
        {
            ConfigureProxyServer(k);
            // The plain port runs the front (Proxy/Front): plain requests are forwarded straight from the socket, and a
            // connection that needs more (cache, redirect, rate limit, upgrade, anything unusual) continues in Kestrel.
            k.Listen(new FrontEndPoint(listen, options.HttpPort), l =>
            {
                // Cleartext HTTP/2 needs prior knowledge, which Kestrel does not offer beside HTTP/1.1 on one port: h2 comes over TLS (ALPN).
                l.Protocols = HttpProtocols.Http1;
                http = l;
            });
            k.Listen(listen, options.HttpsPort, l =>
            {
                // A certificate per host, issued by the cluster's CA on first use (SNI); ALPN offers h2 and http/1.1.
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(k.ApplicationServices.GetRequiredService<EdgeCertificates>().CreateHandshakeOptions());
                https = l;
            });
        });
        builder.Services.AddEdge(options, identity);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownGrace);
        var proxy = builder.Build();
        var routes = proxy.Services.GetRequiredService<RouteTableHolder>();
        proxy.Services.GetRequiredService<EdgeCertificates>().Serves = host =>
            host == "localhost" || routes.Current.Find(host) is not null || string.Equals(host, routes.Current.Domain, StringComparison.OrdinalIgnoreCase);
        var handler = proxy.Services.GetRequiredService<EdgeRequestHandler>();
        proxy.Run(handler.InvokeAsync);

        var adminBuilder = RoleWebApplication.CreateBuilder();
        adminBuilder.Logging.ClearProviders();
        logging(adminBuilder.Logging);
        adminBuilder.WebHost.ConfigureKestrel(k => k.Listen(listen, options.AdminPort));
        var admin = adminBuilder.Build();
        EdgeAdminEndpoints.Map(admin, options, proxy.Services.GetRequiredService<TrafficRegistry>(), proxy.Services.GetRequiredService<HttpResponseCache>(),
            proxy.Services.GetRequiredService<MetricsCollector>(), proxy.Services.GetRequiredService<Tracing.EdgeTracer>());

        var dnsOptions = new DnsServerOptions
        {
            ListenAddress = listen,
            Port = options.DnsPort,
            Upstream = options.DnsUpstream is null ? null : IPEndPoint.Parse(options.DnsUpstream),
            Lookups = options.Tracing ? proxy.Services.GetRequiredService<Tracing.EdgeTracer>().DnsLookups : null,
        };
        var dnsLogger = proxy.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Nimbus.Edge.Dns");
        DnsServer? dns = null;
        try
        {
            try
            {
                dns = await DnsServer.StartAsync(dnsOptions, proxy.Services.GetRequiredService<DnsZoneHolder>(), dnsLogger, ct).ConfigureAwait(false);
            }
            catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
            {
                throw new PortInUseException("dns", options.DnsPort, ex);
            }
            await admin.StartAsync(ct).ConfigureAwait(false);
            try
            {
                await proxy.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                throw new PortInUseException("http/https", options.HttpPort, ex);
            }
        }
        catch
        {
            await admin.DisposeAsync().ConfigureAwait(false);
            await proxy.DisposeAsync().ConfigureAwait(false);
            if (dns is not null)
            {
                await dns.DisposeAsync().ConfigureAwait(false);
            }
            throw;
        }
        var adminAddress = admin.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        identity.MarkBound(http!.IPEndPoint, https!.IPEndPoint, dns.LocalEndPoint, new Uri(adminAddress));
        return new EdgeHost(proxy, admin, dns, identity);
    }

    /// <summary>How the proxy's Kestrel treats client connections (shared with the tests' harness).</summary>
    internal static void ConfigureProxyServer(KestrelServerOptions k)
    {
        k.AddServerHeader = false;
        // Bodies stream through; their size is the app's business.
        k.Limits.MaxRequestBodySize = null;
        // Header values pass through as bytes (Latin-1 maps each byte to one char and back): an app sending a UTF-8
        // filename in Content-Disposition must not turn into an error at the edge.
        k.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
    }

    /// <summary>Stops taking connections, lets requests in flight finish (bounded by the shutdown grace) and leaves the cluster.</summary>
    public async ValueTask DisposeAsync()
    {
        await _proxy.StopAsync().ConfigureAwait(false);
        await _admin.StopAsync().ConfigureAwait(false);
        await _proxy.DisposeAsync().ConfigureAwait(false);
        await _admin.DisposeAsync().ConfigureAwait(false);
        await _dns.DisposeAsync().ConfigureAwait(false);
    }
}
