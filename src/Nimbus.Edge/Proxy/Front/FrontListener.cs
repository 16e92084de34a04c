using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;
using Nimbus.Edge.Proxy.Upstream;
using Nimbus.Edge.Routing;
using Nimbus.Edge.Tracing;

namespace Nimbus.Edge.Proxy.Front;

/// <summary>The front on one port: accepts connections and serves them as <see cref="FrontConnection"/>s; a connection
/// that needs Kestrel comes out of <see cref="AcceptAsync"/> (Kestrel's accept loop) with the bytes already read in
/// front of its input. Closes connections idle or slow past Kestrel's limits, and drains on shutdown.</summary>
internal sealed partial class FrontListener : IConnectionListener
{
    /// <summary>Kestrel's defaults for its own connections.</summary>
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);
    private static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(30);
    /// <summary>How often idle connections and response deadlines are checked (the precision of an app's edge.timeout).</summary>
    private static readonly TimeSpan SweepPeriod = TimeSpan.FromMilliseconds(250);

    private readonly Socket _socket;
    private readonly EdgeIdentity _identity;
    private readonly TimeSpan _grace;
    private readonly ILogger _logger;
    private readonly Channel<ConnectionContext> _handedOver = Channel.CreateUnbounded<ConnectionContext>();
    private readonly HashSet<FrontConnection> _connections = [];
    private static readonly IMemoryPoolFeature BlockPoolFeature = new PoolFeature(BlockPool.Instance);
    private readonly SocketConnectionContextFactory _contexts;
    private readonly ITimer _sweeper;
    private readonly Action _accepted;
    private volatile bool _draining;
    private long _stopping;

    public FrontListener(Socket socket, RouteTableHolder routes, EdgeIdentity identity, UpstreamPoolSettings poolSettings, PassiveHealthJudge judge,
        EdgeTracer tracer, TimeSpan grace, ILogger logger, Action accepted)
    {
        Tracer = tracer;
        _accepted = accepted;
        _socket = socket;
        _identity = identity;
        _grace = grace;
        _logger = logger;
        Routes = routes;
        PoolSettings = poolSettings;
        Judge = judge;
        EndPoint = socket.LocalEndPoint!;
        _contexts = new SocketConnectionContextFactory(new SocketConnectionFactoryOptions { UnsafePreferInlineScheduling = true }, logger);
        _sweeper = TimeProvider.System.CreateTimer(static s => ((FrontListener)s!).Sweep(), this, SweepPeriod, SweepPeriod);
    }

    public EndPoint EndPoint { get; }
    public RouteTableHolder Routes { get; }
    public UpstreamPoolSettings PoolSettings { get; }
    public PassiveHealthJudge Judge { get; }
    public EdgeTracer Tracer { get; }
    public int HttpsPort => _identity.HttpsPort;

    /// <summary>Shutting down: every response says Connection: close and idle connections are closed.</summary>
    public bool Draining => _draining;


    /// <summary>Starts accepting. The connections run without the caller's execution context (nothing of the host's
    /// startup flows into them, and resuming them after each socket operation stays cheap).</summary>
    public void Start()
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = AcceptLoopAsync();
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                if (_draining)
                {
                    return;
                }
                continue;
            }
            client.NoDelay = true;
            var connection = new FrontConnection(client, this);
            lock (_connections)
            {
                _connections.Add(connection);
            }
            _accepted();
            _ = connection.RunAsync();
        }
    }

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _handedOver.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Kestrel takes the connection from here, starting with <paramref name="received"/>.</summary>
    public void HandOver(Socket socket, ReadOnlySpan<byte> received)
    {
        ConnectionContext context;
        try
        {
            context = _contexts.Create(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        context.Transport = PrefixedTransport.Wrap(received, context.Transport, BlockPool.Instance);
        // Kestrel takes its buffers (a chunked body's pipe, among others) from the connection's pool, falling back to the
        // churning shared array pool when the connection names none.
        if (context.Features.Get<IMemoryPoolFeature>() is null)
        {
            context.Features.Set<IMemoryPoolFeature>(BlockPoolFeature);
        }
        if (!_handedOver.Writer.TryWrite(context))
        {
            // Shutting down: Kestrel accepts no more.
            context.Abort();
            _ = context.DisposeAsync().AsTask();
        }
    }

    public void Remove(FrontConnection connection)
    {
        lock (_connections)
        {
            _connections.Remove(connection);
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        if (!_draining)
        {
            _stopping = Stopwatch.GetTimestamp();
        }
        _draining = true;
        _socket.Dispose();
        _handedOver.Writer.TryComplete();
        Sweep();
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits (at most the shutdown grace) for the requests being served, then closes what is left.</summary>
    public async ValueTask DisposeAsync()
    {
        await UnbindAsync().ConfigureAwait(false);
        // One grace for the whole stop (Kestrel waited for its own connections in between).
        var deadline = _stopping + (long)(_grace.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && Count() > 0)
        {
            await Task.Delay(20).ConfigureAwait(false);
            Sweep();
        }
        FrontConnection[] left;
        lock (_connections)
        {
            left = [.. _connections];
        }
        foreach (var connection in left)
        {
            connection.Abort();
        }
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        _contexts.Dispose();
    }

    private int Count()
    {
        lock (_connections)
        {
            return _connections.Count;
        }
    }

    /// <summary>Closes connections idle past the keep-alive timeout (all idle ones when draining) and those whose request
    /// head is taking longer than Kestrel would wait, and ends response waits past the app's timeout.</summary>
    private void Sweep()
    {
        var now = Stopwatch.GetTimestamp();
        List<(FrontConnection Connection, FrontState State)>? expired = null;
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.ExpireIfDue(now);
                var state = connection.State;
                var elapsed = Stopwatch.GetElapsedTime(connection.StateSince, now);
                if ((state == FrontState.Idle && (_draining || elapsed > KeepAliveTimeout)) || (state == FrontState.Head && elapsed > RequestHeadersTimeout))
                {
                    (expired ??= []).Add((connection, state));
                }
            }
        }
        if (expired is null)
        {
            return;
        }
        // Only in the state it was judged in: one that moved on (a request arrived) stays.
        foreach (var (connection, state) in expired)
        {
            connection.CloseIf(state);
        }
    }

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "App {App}: forwarding failed ({Error}): {Detail}")]
    public partial void LogForwardFailed(string app, ForwardError error, string detail);

    [LoggerMessage(EventId = 3112, Level = LogLevel.Error, Message = "Unexpected failure serving a connection on the front")]
    public partial void LogUnexpected(Exception exception);

    private sealed class PoolFeature(System.Buffers.MemoryPool<byte> pool) : IMemoryPoolFeature
    {
        public System.Buffers.MemoryPool<byte> MemoryPool { get; } = pool;
    }
}
