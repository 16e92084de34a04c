using System.Net;

namespace Nimbus.Edge.Dns;

/// <summary>Where and how the DNS server listens. UDP and TCP always share one port.</summary>
public sealed class DnsServerOptions
{
    /// <summary>The address to listen on; <see cref="IPAddress.IPv6Any"/> listens dual-stack.</summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>The UDP and TCP port; 0 picks a free one (see <see cref="DnsServer.LocalEndPoint"/>).</summary>
    public int Port { get; set; }

    /// <summary>A resolver to relay names outside our zones to; without one they get REFUSED.</summary>
    public IPEndPoint? Upstream { get; set; }

    /// <summary>How long to wait for the upstream before answering SERVFAIL.</summary>
    public TimeSpan UpstreamTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a TCP connection may sit without completing its next query before it is closed.</summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Open TCP connections beyond this are closed at once.</summary>
    public int MaxTcpConnections { get; set; } = 256;

    /// <summary>UDP queries being relayed upstream at once; beyond this they get SERVFAIL.</summary>
    public int MaxConcurrentForwards { get; set; } = 1024;

    /// <summary>Where answered app names are remembered for request traces; null = nowhere (tracing off).</summary>
    internal Tracing.DnsLookups? Lookups { get; set; }
}
