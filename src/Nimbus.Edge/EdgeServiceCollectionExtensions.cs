using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Nimbus.Api.Client;
using Nimbus.Api.Telemetry;
using Nimbus.Edge.Cache;
using Nimbus.Edge.Dns;
using Nimbus.Edge.Tls;
using Nimbus.Edge.Proxy;
using Nimbus.Edge.RateLimiting;
using Nimbus.Edge.Registration;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;
using Nimbus.Edge.Traffic;

namespace Nimbus.Edge;

public static class EdgeServiceCollectionExtensions
{
    /// <summary>Everything an edge runs: following the control plane, the routing snapshot, the forwarder and its
    /// connection pool, the counters, the trace ring (and OTLP export) and the registration.</summary>
    internal static IServiceCollection AddEdge(this IServiceCollection services, EdgeOptions options, EdgeIdentity identity)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(identity);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => new NimbusClient(options.ControlPlane, options.Token));
        services.TryAddSingleton<RouteTableHolder>();
        services.AddMetrics();
        services.TryAddSingleton(sp => MetricsCollector.ForHost(sp.GetRequiredService<IMeterFactory>()));
        services.TryAddSingleton<TrafficRegistry>();
        services.TryAddSingleton(_ => new HttpMessageInvoker(CreateHandler(options)));
        services.TryAddSingleton<HttpForwarder>();
        services.TryAddSingleton<Nimbus.Edge.Proxy.Upstream.Http1Forwarder>();
        services.TryAddSingleton<PassiveHealthJudge>();
        services.TryAddSingleton(sp => new EdgeTracer(options, identity, options.OtlpEndpoint is { } otlp
            ? new TraceExport(otlp, options.OtlpHeaders, options.OtlpSampleRatio, identity.Name, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TraceExport>>())
            : null));
        services.TryAddSingleton<EdgeRequestHandler>();
        // The plain HTTP port's transport; Kestrel's socket transport keeps every other endpoint.
        services.AddSingleton<Microsoft.AspNetCore.Connections.IConnectionListenerFactory, Nimbus.Edge.Proxy.Front.FrontListenerFactory>();
        services.TryAddSingleton(sp => new ClientRateLimiter(new ClientRateLimiterOptions(), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpResponseCache();
        services.TryAddSingleton<DnsZoneHolder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRouteTableListener, DnsZoneListener>());
        services.TryAddSingleton<ColdStarts>();
        services.AddSingleton<IRouteTableListener>(sp => sp.GetRequiredService<ColdStarts>());
        services.AddEdgeCertificates();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRouteTableListener, CertificateInvalidator>());
        services.AddHostedService<RouteFollower>();
        services.AddHostedService<EdgeRegistrar>();
        return services;
    }

    /// <summary>One pool of keep-alive connections to every instance. No proxy, no redirects, no decompression, no
    /// cookies: the edge passes messages through, it does not interpret them.</summary>
    internal static SocketsHttpHandler CreateHandler(EdgeOptions options) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = options.ConnectTimeout,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        // Distributed-tracing headers are the edge's own business (the observability issue); no per-request Activity here.
        ActivityHeadersPropagator = null,
        MaxResponseHeadersLength = 64,
        RequestHeaderEncodingSelector = static (_, _) => System.Text.Encoding.Latin1,
        ResponseHeaderEncodingSelector = static (_, _) => System.Text.Encoding.Latin1,
    };
}
