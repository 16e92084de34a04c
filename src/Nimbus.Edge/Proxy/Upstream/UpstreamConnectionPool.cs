using System.Net;
using System.Net.Sockets;
using Nimbus.Edge.Proxy.Polling;

namespace Nimbus.Edge.Proxy.Upstream;

/// <summary>Idle keep-alive connections to one instance (one pool per <see cref="Routing.Destination"/>), most recently
/// used first so the warm ones are reused and the cold ones age out. Connections idle longer than the idle timeout are
/// closed by a sweep that runs only while there are idle connections; at most MaxIdleConnections are kept.</summary>
internal sealed class UpstreamConnectionPool
{
    private readonly UpstreamPoolSettings _settings;
    private readonly EndPoint? _endPoint;
    private readonly List<UpstreamConnection> _idle = [];
    private ITimer? _sweeper;

    public UpstreamConnectionPool(string address, UpstreamPoolSettings settings)
    {
        _settings = settings;
        _endPoint = ParseEndPoint(address);
    }

    public int IdleCount
    {
        get
        {
            lock (_idle)
            {
                return _idle.Count;
            }
        }
    }

    /// <summary>An idle connection that still looks open, or null. <paramref name="retryable"/>: the request may go again on a
    /// fresh connection if this one turns out stale (idempotent, no body), so a connection idle only briefly is taken without
    /// the poll (a syscall per request on the hot path); otherwise one poll: neither closed nor holding bytes nobody asked for.</summary>
    public UpstreamConnection? TryRent(bool retryable)
    {
        var now = _settings.Time.GetTimestamp();
        while (true)
        {
            UpstreamConnection connection;
            lock (_idle)
            {
                if (_idle.Count == 0)
                {
                    return null;
                }
                connection = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
            }
            var idle = _settings.Time.GetElapsedTime(connection.IdleSince, now);
            if (idle < _settings.IdleTimeout && ((retryable && idle < BrieflyIdle) || connection.LooksAlive()))
            {
                return connection;
            }
            connection.Dispose();
        }
    }

    /// <summary>A connection for one try of a request: a pooled one on the first (see <see cref="TryRent"/>), a fresh one
    /// when none is idle or after a stale one (as SocketsHttpHandler retries internally), made on <paramref name="poller"/>
    /// when the front asks (<see cref="ConnectAsync"/>).</summary>
    public ValueTask<ConnectResult> AcquireAsync(int attempt, bool retryable, CancellationToken cancellationToken, Poller? poller = null)
    {
        var pooled = attempt == 0 ? TryRent(retryable) : null;
        return pooled is not null ? ValueTask.FromResult(new ConnectResult(pooled, null)) : ConnectAsync(cancellationToken, poller);
    }

    /// <summary>Back to the pool when its exchange left it reusable, else closed.</summary>
    public void Release(UpstreamConnection connection, bool reusable)
    {
        if (reusable && connection.Cancellation.TryReset())
        {
            Return(connection);
        }
        else
        {
            connection.Dispose();
        }
    }

    /// <summary>Takes back a connection whose last exchange ended cleanly.</summary>
    public void Return(UpstreamConnection connection)
    {
        connection.Reused = true;
        connection.IdleSince = _settings.Time.GetTimestamp();
        lock (_idle)
        {
            if (_idle.Count < _settings.MaxIdleConnections)
            {
                _idle.Add(connection);
                _sweeper ??= _settings.Time.CreateTimer(static s => ((UpstreamConnectionPool)s!).Sweep(), this, SweepPeriod, SweepPeriod);
                return;
            }
        }
        connection.Dispose();
    }

    /// <summary>A new connection to the instance. With a <paramref name="poller"/> (the front), the socket is on that poller
    /// from the start and .NET's socket engine never sees it.</summary>
    public async ValueTask<ConnectResult> ConnectAsync(CancellationToken cancellationToken, Poller? poller = null)
    {
        if (_endPoint is null)
        {
            return new ConnectResult(null, "invalid address");
        }
        var socket = _endPoint is IPEndPoint ip ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) : new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.NoDelay = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.ConnectTimeout);
        try
        {
            if (poller is not null && _endPoint is IPEndPoint)
            {
                var polled = await PolledSocket.ConnectAsync(socket, _endPoint, poller, timeout.Token).ConfigureAwait(false);
                try
                {
                    return new ConnectResult(new UpstreamConnection(socket, polled), null);
                }
                catch
                {
                    polled.Dispose();
                    throw;
                }
            }
            await socket.ConnectAsync(_endPoint, timeout.Token).ConfigureAwait(false);
            return new ConnectResult(new UpstreamConnection(socket), null);
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            return new ConnectResult(null, ex.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            return new ConnectResult(null, $"{nameof(SocketError.TimedOut)} after {_settings.ConnectTimeout.TotalSeconds:0.###}s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Idle this briefly, a connection the instance closed is unlikely (servers close idle connections after
    /// seconds) and cheap for a retryable request (it goes again on a fresh connection).</summary>
    private static readonly TimeSpan BrieflyIdle = TimeSpan.FromMilliseconds(250);

    private TimeSpan SweepPeriod => _settings.IdleTimeout / 3;

    /// <summary>Closes connections idle too long (the oldest are at the front). Stops its timer once nothing is idle, so
    /// a pool whose instance left the routing table holds no timer and no socket and can be collected.</summary>
    private void Sweep()
    {
        var now = _settings.Time.GetTimestamp();
        List<UpstreamConnection>? expired = null;
        lock (_idle)
        {
            var n = 0;
            while (n < _idle.Count && _settings.Time.GetElapsedTime(_idle[n].IdleSince, now) >= _settings.IdleTimeout)
            {
                n++;
            }
            if (n > 0)
            {
                expired = _idle.GetRange(0, n);
                _idle.RemoveRange(0, n);
            }
            if (_idle.Count == 0)
            {
                _sweeper?.Dispose();
                _sweeper = null;
            }
        }
        if (expired is not null)
        {
            foreach (var connection in expired)
            {
                connection.Dispose();
            }
        }
    }

    private static EndPoint? ParseEndPoint(string address)
    {
        if (IPEndPoint.TryParse(address, out var ip) && ip.Port != 0)
        {
            return ip;
        }
        var colon = address.LastIndexOf(':');
        return colon > 0 && int.TryParse(address.AsSpan(colon + 1), out var port) && port is > 0 and <= 65535
            ? new DnsEndPoint(address[..colon], port)
            : null;
    }
}
