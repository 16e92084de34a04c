using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Nimbus.Edge.Dns;

/// <summary>
/// The Nimbus DNS server: authoritative for the cloud domain and custom domains, answering from the
/// <see cref="DnsZoneHolder"/>'s current snapshot over UDP and TCP on one port, relaying other names
/// to an optional upstream.
/// </summary>
public sealed partial class DnsServer : IAsyncDisposable
{
    private const int BindAttempts = 10;

    private readonly Socket _udp;
    private readonly Socket _tcp;
    private readonly CancellationTokenSource _stopping = new();
    private readonly DnsTcpListener _tcpListener;
    private readonly Task _udpLoops;
    private readonly Task _tcpLoop;
    private readonly ILogger _logger;
    private int _disposed;

    private DnsServer(Socket udp, Socket tcp, DnsServerOptions options, DnsZoneHolder zone, ILogger logger)
    {
        _udp = udp;
        _tcp = tcp;
        _logger = logger;
        LocalEndPoint = (IPEndPoint)udp.LocalEndPoint!;
        DnsForwarder? forwarder = options.Upstream is { } upstream ? new DnsForwarder(upstream, options.UpstreamTimeout, logger) : null;
        var handler = new DnsQueryHandler(zone, forwarder is not null, options.Lookups);
        var udpListener = new DnsUdpListener(udp, handler, forwarder, options.MaxConcurrentForwards, logger, _stopping.Token);
        _tcpListener = new DnsTcpListener(tcp, handler, forwarder, options.TcpIdleTimeout, options.MaxTcpConnections, logger, _stopping.Token);
        _udpLoops = udpListener.RunAsync(Math.Clamp(Environment.ProcessorCount, 1, 8));
        _tcpLoop = Task.Run(_tcpListener.RunAsync);
    }

    /// <summary>The address and port both UDP and TCP listen on.</summary>
    public IPEndPoint LocalEndPoint { get; }

    internal int TcpConnectionCount => _tcpListener.ConnectionCount;

    /// <summary>
    /// Binds UDP and TCP on the same port and starts serving. With port 0, UDP takes a free port and TCP
    /// follows it, retrying with a new port if TCP's is taken. Throws for invalid options or a port in use.
    /// </summary>
    public static Task<DnsServer> StartAsync(DnsServerOptions options, DnsZoneHolder zone, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options.ListenAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, IPEndPoint.MaxPort);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TcpIdleTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.UpstreamTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTcpConnections, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentForwards, 1);
        ct.ThrowIfCancellationRequested();

        (Socket udp, Socket tcp) = Bind(options);
        var server = new DnsServer(udp, tcp, options, zone, logger);
        server.LogStarted(server.LocalEndPoint, options.Upstream?.ToString() ?? "none");
        return Task.FromResult(server);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync();
        _udp.Dispose();
        _tcp.Dispose();
        try
        {
            await Task.WhenAll(_udpLoops, _tcpLoop).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            LogStopTimedOut();
        }

        _stopping.Dispose();
        LogStopped(LocalEndPoint);
    }

    private static (Socket Udp, Socket Tcp) Bind(DnsServerOptions options)
    {
        for (int attempt = 1; ; attempt++)
        {
            Socket udp = CreateSocket(options.ListenAddress, SocketType.Dgram, ProtocolType.Udp);
            Socket? tcp = null;
            try
            {
                udp.ReceiveBufferSize = 1 << 20;
                // The receive loops block in the kernel; the timeout lets them see a stop even if closing does not wake them.
                udp.ReceiveTimeout = 1000;
                udp.Bind(new IPEndPoint(options.ListenAddress, options.Port));
                int port = ((IPEndPoint)udp.LocalEndPoint!).Port;
                tcp = CreateSocket(options.ListenAddress, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(options.ListenAddress, port));
                tcp.Listen(512);
                return (udp, tcp);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && options.Port == 0 && attempt < BindAttempts)
            {
                // The free UDP port is taken for TCP by someone else: try another pair.
                udp.Dispose();
                tcp?.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp?.Dispose();
                throw;
            }
        }
    }

    private static Socket CreateSocket(IPAddress address, SocketType type, ProtocolType protocol)
    {
        var socket = new Socket(address.AddressFamily, type, protocol);
        if (address.Equals(IPAddress.IPv6Any))
        {
            socket.DualMode = true;
        }

        return socket;
    }
}
