namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>How every <see cref="UpstreamConnectionPool"/> behaves.</summary>
internal sealed record UpstreamPoolSettings(TimeSpan ConnectTimeout, TimeSpan IdleTimeout, int MaxIdleConnections, TimeProvider Time)
{
    /// <summary>30 s idle (below the 60 s+ keep-alive of common servers, so the edge usually closes first) and at most
    /// 1024 idle connections per instance.</summary>
    public static UpstreamPoolSettings For(EdgeOptions options, TimeProvider time) => new(options.ConnectTimeout, TimeSpan.FromSeconds(30), 1024, time);
}
