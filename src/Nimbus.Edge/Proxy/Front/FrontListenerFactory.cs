using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Nimbus.Edge.Proxy.Upstream;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>Kestrel's transport for <see cref="FrontEndPoint"/>s: binds the socket and runs a <see cref="FrontListener"/>
/// on it. Registered beside Kestrel's socket transport, which keeps every other endpoint (HTTPS, admin).</summary>
internal sealed class FrontListenerFactory(RouteTableHolder routes, EdgeIdentity identity, EdgeOptions options, PassiveHealthJudge judge,
    EdgeTracer tracer, TimeProvider time, ILoggerFactory loggers) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private long _accepted;

    /// <summary>Connections accepted by every listener this factory bound (tests check the front served them).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public bool CanBind(EndPoint endpoint) => endpoint is FrontEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var ip = (FrontEndPoint)endpoint;
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (ip.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }
            socket.Bind(new IPEndPoint(ip.Address, ip.Port));
            socket.Listen(512);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();
            throw new AddressInUseException(ex.Message, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        var listener = new FrontListener(socket, routes, identity, UpstreamPoolSettings.For(options, time), judge, tracer, options.ShutdownGrace,
            loggers.CreateLogger<FrontListener>(), () => Interlocked.Increment(ref _accepted));
        listener.Start();
        return ValueTask.FromResult<IConnectionListener>(listener);
    }
}
